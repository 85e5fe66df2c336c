package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.util.List;

/** Something about a task changed, such as its priority. */
@Event("task:updated")
public record TaskUpdated(@OrderingKey String taskId, List<Change> changes, String updatedBy)
    implements TaskEvent {}
