package dev.herald.jdbc.contracts;

import dev.herald.annotations.Event;

/** A note, for tests that store events. */
@Event("note:added")
public record Note(long number, String text) {}
