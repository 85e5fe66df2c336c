package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.time.Instant;

/** A sync with the property-management system failed. */
@Event("pms:sync:failed")
public record PmsSyncFailed(
    SyncType syncType, ErrorDetail error, boolean willRetry, @Nullable Instant nextRetryAt) {}
