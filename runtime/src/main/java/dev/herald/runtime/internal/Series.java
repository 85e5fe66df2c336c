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
  /**
   * Asynchronous deliveries: taken on (by publishers), and finished delivered or otherwise (by
   * workers). Pending is the difference, so that publishers and workers update counters of their
   * own rather than one they would pass back and forth between their cores.
   */
  final LongAdder asyncAccepted = new LongAdder();
  final LongAdder asyncDelivered = new LongAdder();
  final LongAdder asyncAbandoned = new LongAdder();
  /** Attempts under way, updated by the threads that run them. */
  final LongAdder running = new LongAdder();
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
    return delivered.sum() + asyncDelivered.sum();
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
    long finished = asyncDelivered.sum() + asyncAbandoned.sum(); // first: never more than taken on
    return asyncAccepted.sum() - finished;
  }

  @Override
  public long running() {
    return running.sum();
  }

  @Override
  public Latency latency() {
    return latency.latency();
  }

  @Override
  public String toString() {
    return "EventSeries[" + eventType + " " + tenant + "]";
  }
}
