package dev.herald.runtime.internal;

import dev.herald.runtime.EventSeries;
import dev.herald.runtime.Latency;
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
  /** Asynchronous deliveries and attempts, counted on lines of their own; see there. */
  final AsyncCounts async = new AsyncCounts();
  final LatencyHistogram latency = new LatencyHistogram();
  /**
   * Envelopes delivered to SYNC subscribers, for sampling their latency; a plain field on purpose: a
   * lost update only shifts which envelope is timed.
   */
  private int syncTicks;

  Series(String eventType, String tenant) {
    this.eventType = eventType;
    this.tenant = tenant;
  }

  /**
   * Whether to time the SYNC deliveries of this envelope: one envelope in {@value #SYNC_SAMPLING},
   * because reading the clock costs more than many a SYNC listener (about 27 ns a read on a KVM
   * guest). All deliveries of a timed envelope are timed, with one clock read each (the end of one
   * is the start of the next), so ten listeners cost eleven reads per eight envelopes, not twenty.
   */
  boolean timeSyncEnvelope() {
    return (syncTicks++ & (SYNC_SAMPLING - 1)) == 0;
  }

  static final int SYNC_SAMPLING = 8;

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
    return published.sum();
  }

  @Override
  public long delivered() {
    return delivered.sum() + async.deliveredCount();
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
