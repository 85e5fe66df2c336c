package dev.herald.sample.report;

import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.HistoryEntry;
import dev.herald.runtime.observability.MetricsSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The end-of-day report: the {@link Story} (the same for the same seed) and how fast this run told
 * it (different every time).
 *
 * @param metrics the bus's own counters and handler latencies at the end of the day
 * @param health the bus's health at the end of the day
 * @param recent a few entries of the bus's history, to show how it redacts personal data
 * @param flow the events of one escalated message, in publish order, to show correlation
 * @param redis with {@code --redis}: this instance's share of the audit trail, else {@code null}
 */
public record DayReport(
    long seed,
    int hotels,
    int guestsPerHotel,
    Story story,
    Duration wallTime,
    MetricsSnapshot metrics,
    Health health,
    List<HistoryEntry> recent,
    List<DayStats.Link> flow,
    Path database,
    RedisDay redis) {

  /** A day in one process alone. */
  public DayReport(long seed, int hotels, int guestsPerHotel, Story story, Duration wallTime,
      MetricsSnapshot metrics, Health health, List<HistoryEntry> recent,
      List<DayStats.Link> flow, Path database) {
    this(seed, hotels, guestsPerHotel, story, wallTime, metrics, health, recent, flow, database,
        null);
  }

  /** Events per wall-clock second over the whole run. */
  public double eventsPerSecond(long events) {
    double seconds = Math.max(wallTime.toNanos(), 1) / 1e9;
    return events / seconds;
  }
}
