package dev.herald.it.contracts;

import dev.herald.annotations.Event;

/** A task was closed. */
@Event("task:done")
public record TaskDone(String taskId) implements TaskEvent {}
