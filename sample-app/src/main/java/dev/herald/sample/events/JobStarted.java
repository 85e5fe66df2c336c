package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A background job began an attempt. */
@Event("job:started")
public record JobStarted(String jobId, String jobType, int attempt) {}
