package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.time.Instant;

/**
 * A task passed its due time unfinished.
 *
 * @param overdueBy seconds past {@code dueAt}
 */
@Event("task:overdue")
public record TaskOverdue(
    @OrderingKey String taskId, @Nullable String assignedTo, Instant dueAt, long overdueBy)
    implements TaskEvent {}
