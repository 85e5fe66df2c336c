package dev.herald.sample.events;

/** Every event about a staff task; a listener taking {@code TaskEvent} hears all of them. */
public sealed interface TaskEvent permits TaskCreated, TaskAssigned {

  String taskId();
}
