package dev.herald.it.contracts;

import dev.herald.annotations.Event;

/** A guest's complaint that must jump the queue: high priority by default. */
@Event(value = "test:escalation", priority = 10)
public record Escalation(int n) {}
