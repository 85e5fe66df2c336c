package dev.herald.sample.report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The end-of-day report: the {@link Story} (the same for the same seed) and how fast this run told
 * it (different every time).
 *
 * @param flow the events of one escalated message, in publish order, to show correlation
 */
public record DayReport(
    long seed,
    int hotels,
    int guestsPerHotel,
    Story story,
    Duration wallTime,
    HandlerTimer.Latency latency,
    Map<String, HandlerTimer.Latency> latencyByHandler,
    List<DayStats.Link> flow,
    Path database) {

  /** Events per wall-clock second over the whole run. */
  public double eventsPerSecond(long events) {
    double seconds = Math.max(wallTime.toNanos(), 1) / 1e9;
    return events / seconds;
  }
}
