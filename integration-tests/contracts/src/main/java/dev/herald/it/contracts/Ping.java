package dev.herald.it.contracts;

import dev.herald.annotations.Event;

/** A numbered ping, for tests of delivery order. */
@Event("test:ping")
public record Ping(int n) {}
