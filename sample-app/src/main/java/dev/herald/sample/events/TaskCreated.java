package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.time.Instant;

/**
 * A task for hotel staff was opened, by the AI, a person or the system.
 *
 * <p>Critical: a task nobody hears is dead-lettered, never lost.
 */
@Event(value = "task:created", critical = true)
public record TaskCreated(
    @OrderingKey String taskId,
    @Nullable String conversationId,
    @Nullable String guestId,
    TaskType type,
    Priority priority,
    String title,
    @Nullable String description,
    @Nullable Instant dueAt,
    CreatedBy createdBy) implements TaskEvent {

  /** Who opened the task. */
  public enum CreatedBy {
    AI,
    STAFF,
    SYSTEM
  }
}
