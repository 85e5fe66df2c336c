package dev.herald.it.contracts;

import dev.herald.annotations.Event;

/** The answer to a ping, published from inside a listener. */
@Event("test:pong")
public record Pong(int n) {}
