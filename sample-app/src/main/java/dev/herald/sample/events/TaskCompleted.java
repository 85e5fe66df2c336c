package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/**
 * A staff member finished a task.
 *
 * @param completedBy the staff id
 * @param duration seconds from the task's creation to its completion
 */
@Event("task:completed")
public record TaskCompleted(
    @OrderingKey String taskId,
    String completedBy,
    String resolution,
    long duration,
    boolean guestNotified) implements TaskEvent {}
