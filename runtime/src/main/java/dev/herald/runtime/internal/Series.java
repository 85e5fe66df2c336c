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
  final LongAdder pending = new LongAdder();
  final LongAdder running = new LongAdder();
  final LatencyHistogram latency = new LatencyHistogram();

  Series(String eventType, String tenant) {
    this.eventType = eventType;
    this.tenant = tenant;
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
    return published.sum();
  }

  @Override
  public long delivered() {
    return delivered.sum();
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
    return pending.sum();
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
