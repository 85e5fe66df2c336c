package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.time.Instant;
import java.util.Map;

/** A background job was planned. */
@Event("job:scheduled")
public record JobScheduled(
    String jobId, String jobType, Instant scheduledFor, @Nullable Map<String, String> data) {}
