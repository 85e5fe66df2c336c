package dev.herald.it.contracts;

/** Every task event. */
public sealed interface TaskEvent permits TaskCreated, TaskDone {

  String taskId();
}
