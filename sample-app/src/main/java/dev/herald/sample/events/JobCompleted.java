package dev.herald.sample.events;

import dev.herald.annotations.Event;

/**
 * A background job succeeded.
 *
 * @param duration how long it ran, in milliseconds
 * @param result what it produced, as text (the seed's {@code any})
 */
@Event("job:completed")
public record JobCompleted(String jobId, String jobType, long duration, @Nullable String result) {}
