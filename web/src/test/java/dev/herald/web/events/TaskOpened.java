package dev.herald.web.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;

/** A task was opened for a guest. */
@Event("task:opened")
public record TaskOpened(String taskId, int number, @Sensitive String guestName) {}
