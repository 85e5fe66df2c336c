package dev.herald.jdbc.contracts;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A task was created on a board; tasks of one board are ordered among themselves. */
@Event("task:created")
public record TaskCreated(@OrderingKey String board, long number, String title) {}
