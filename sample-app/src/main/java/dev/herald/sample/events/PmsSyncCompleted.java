package dev.herald.sample.events;

import dev.herald.annotations.Event;

/**
 * A sync with the property-management system finished.
 *
 * @param duration how long the sync took, in milliseconds
 */
@Event("pms:sync:completed")
public record PmsSyncCompleted(
    SyncType syncType, int reservationsUpdated, int guestsUpdated, long duration) {}
