package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A task was given to a staff member, for the first time or instead of someone else. */
@Event("task:assigned")
public record TaskAssigned(
    @OrderingKey String taskId,
    String staffId,
    @Nullable String previousStaffId,
    AssignedBy assignedBy,
    @Nullable String reason) implements TaskEvent {

  /** Who made the assignment. */
  public enum AssignedBy {
    SYSTEM,
    STAFF
  }
}
