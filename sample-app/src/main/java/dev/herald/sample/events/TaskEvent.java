package dev.herald.sample.events;

/** Every event about a staff task; a listener taking {@code TaskEvent} hears all six. */
public sealed interface TaskEvent permits TaskCreated, TaskAssigned, TaskUpdated, TaskCompleted,
    TaskEscalated, TaskOverdue {

  String taskId();
}
