package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A task was given to a staff member. */
@Event(value = "task:assigned", persist = true)
public record TaskAssigned(@OrderingKey String taskId, String staffId, @Nullable String assignedBy)
    implements TaskEvent {}
