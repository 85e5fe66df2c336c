package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.time.Instant;

/** A background job's attempt failed; it may be retried. */
@Event("job:failed")
public record JobFailed(
    String jobId,
    String jobType,
    int attempt,
    int maxAttempts,
    ErrorDetail error,
    boolean willRetry,
    @Nullable Instant nextRetryAt) {}
