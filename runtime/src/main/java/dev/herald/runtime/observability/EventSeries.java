package dev.herald.runtime.observability;

/**
 * Live counters of one event type for one tenant, since the bus was built. Each read is current; two
 * reads are not taken at one instant (use {@link BusMetrics#snapshot()} to compare figures).
 */
public interface EventSeries {

  /** The event's name, e.g. {@code message:received}. */
  String eventType();

  /** The tenant, or {@link MetricsSnapshot#NO_TENANT} for events published without one. */
  String tenant();

  /** Events published on this bus; those a transport carried are counted where they were published. */
  long published();

  /** Deliveries to a subscriber that succeeded. */
  long delivered();

  /** Attempts that failed, whether retried or not. */
  long failed();

  /** Failed attempts that were scheduled to run again. */
  long retried();

  /** Deliveries that went to the dead-letter store. */
  long deadLettered();

  /**
   * Deliveries a subscriber's filter turned down ({@code SubscribeOptions.filter}): neither queued
   * nor attempted. Zero unless a subscription has a filter.
   */
  default long filtered() {
    return 0;
  }

  /** Asynchronous deliveries accepted and not yet final: queued, running or waiting to retry. */
  long pending();

  /** Asynchronous attempts running right now. */
  long running();

  /**
   * How long attempts ran: every asynchronous attempt, and one SYNC delivery in eight (reading the
   * clock costs more than many a SYNC listener); the counts above are exact.
   */
  Latency latency();
}
