package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.time.Instant;

/** A task for hotel staff was opened, by the AI, a person or the system. */
@Event(value = "task:created", critical = true, persist = true)
public record TaskCreated(
    @OrderingKey String taskId,
    @Nullable String conversationId,
    @Nullable String guestId,
    Type type,
    Priority priority,
    String title,
    @Nullable String description,
    @Nullable Instant dueAt,
    CreatedBy createdBy) implements TaskEvent {

  /** What kind of work the task is. */
  public enum Type {
    SERVICE_REQUEST,
    HOUSEKEEPING,
    MAINTENANCE,
    CONCIERGE,
    COMPLAINT,
    FOLLOW_UP,
    ESCALATION
  }

  /** Who opened the task. */
  public enum CreatedBy {
    AI,
    STAFF,
    SYSTEM
  }
}
