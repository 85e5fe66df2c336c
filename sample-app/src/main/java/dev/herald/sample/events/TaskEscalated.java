package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A task went up the chain, usually because it is late. */
@Event("task:escalated")
public record TaskEscalated(
    @OrderingKey String taskId,
    String fromStaffId,
    @Nullable String toStaffId,
    String reason,
    Priority newPriority) implements TaskEvent {}
