package dev.herald.runtime.internal;

import dev.herald.runtime.observability.EventSeries;
import dev.herald.runtime.observability.Latency;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one event type and tenant; the bus records, readers see {@link EventSeries}. */
final class Series implements EventSeries {

  private final String eventType;
  private final String tenant;
  final LongAdder published = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder filtered = new LongAdder();
  /** Asynchronous deliveries and attempts, counted on lines of their own; see there. */
  final AsyncCounts async = new AsyncCounts();
  final LatencyHistogram latency = new LatencyHistogram();
  /** The publishes and SYNC deliveries counted on the publishers' threads, without atomics. */
  private final ThreadCounts syncCounts = new ThreadCounts();
  /**
   * The millisecond of the last SYNC envelope whose deliveries were timed; a plain field on purpose:
   * a lost update only shifts which envelope is timed.
   */
  private long timedMillis = Long.MIN_VALUE;

  Series(String eventType, String tenant) {
    this.eventType = eventType;
    this.tenant = tenant;
  }

  /**
   * Whether to time the SYNC deliveries of this envelope: the first of each millisecond, because
   * reading the clock costs more than many a SYNC listener (25–45 ns a read on a KVM guest). Sparse
   * events are all timed; a busy series has a thousand envelopes a second timed. All deliveries of
   * a timed envelope are timed, with one clock read each (the end of one is the start of the next),
   * so ten listeners cost eleven reads per timed envelope, not twenty.
   */
  boolean timeSyncEnvelope() {
    long now = CoarseClock.UTC.millis();
    if (now == timedMillis) {
      return false;
    }
    timedMillis = now;
    return true;
  }

  /**
   * Counts a publish on {@code thread}: in the thread's own cell once it has counted
   * {@value CurrentEvent#SETTLED} times, before that in the shared adder, so that a short-lived
   * thread (a virtual thread per request) does not get cells it would use once.
   */
  void countPublished(CurrentEvent.State thread) {
    if (thread.settled()) {
      syncCounts.cell(thread).published();
    } else {
      published.increment();
    }
  }

  /** Counts {@code n} SYNC deliveries on {@code thread}, as {@link #countPublished} does. */
  void countDelivered(CurrentEvent.State thread, int n) {
    if (thread.settled()) {
      syncCounts.cell(thread).delivered(n);
    } else {
      delivered.add(n);
    }
  }

  @Override
  public String eventType() {
    return eventType;
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public long published() {
    return published.sum() + syncCounts.published();
  }

  @Override
  public long delivered() {
    return delivered.sum() + syncCounts.delivered() + async.deliveredCount();
  }

  @Override
  public long failed() {
    return failed.sum();
  }

  @Override
  public long retried() {
    return retried.sum();
  }

  @Override
  public long deadLettered() {
    return deadLettered.sum();
  }

  @Override
  public long filtered() {
    return filtered.sum();
  }

  @Override
  public long pending() {
    return async.pending();
  }

  @Override
  public long running() {
    return async.running();
  }

  @Override
  public Latency latency() {
    long[] sums = LatencyHistogram.newSums();
    latency.addTo(sums);
    async.addTo(sums);
    return LatencyHistogram.latencyOf(sums, latency.totalNanos() + async.totalNanos(),
        Math.max(latency.maxNanos(), async.maxNanos()));
  }

  @Override
  public String toString() {
    return "EventSeries[" + eventType + " " + tenant + "]";
  }
}
