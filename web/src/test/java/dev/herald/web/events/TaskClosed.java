package dev.herald.web.events;

import dev.herald.annotations.Event;

/** A task was closed. */
@Event("task:closed")
public record TaskClosed(String taskId) {}
