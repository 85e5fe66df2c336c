package dev.herald.it.contracts;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A task was opened. Critical: never lost. */
@Event(value = "task:created", critical = true)
public record TaskCreated(@OrderingKey String taskId, String title) implements TaskEvent {}
