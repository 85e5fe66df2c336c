package dev.herald.jdbc;

import java.time.Duration;

/**
 * The outbox's counts, for metrics and health: how many entries are pending, failed and completed
 * (kept by {@link OutboxCompletion#MARK}), and how long the oldest pending one has waited.
 *
 * @param pending entries committed and not yet delivered
 * @param failed entries whose every attempt failed
 * @param completed delivered entries still in the table
 * @param oldestPending the age of the oldest pending entry, or {@link Duration#ZERO} when none
 */
public record OutboxStats(long pending, long failed, long completed, Duration oldestPending) {}
