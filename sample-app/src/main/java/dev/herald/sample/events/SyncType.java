package dev.herald.sample.events;

/** How much of the property-management system a sync reads. */
public enum SyncType {
  FULL,
  INCREMENTAL
}
