package dev.herald.runtime.observability;

import java.time.Instant;
import java.util.Map;

/**
 * The bus's counters at one instant, summed per event type, per tenant and in total.
 *
 * @param time when it was taken
 * @param queueDepth asynchronous deliveries queued or running, bounded by {@code queueCapacity}
 * @param queueCapacity the bus's {@code queueCapacity}
 * @param byType counts per event name
 * @param byTenant counts per tenant ({@link #NO_TENANT} for events without one)
 * @param total counts of every event
 */
public record MetricsSnapshot(Instant time, int queueDepth, int queueCapacity,
    Map<String, Counts> byType, Map<String, Counts> byTenant, Counts total) {

  /** The tenant of events published without one. */
  public static final String NO_TENANT = "none";

  /** Tenants beyond the bus's limit are counted together under this name. */
  public static final String OTHER_TENANTS = "other";

  public MetricsSnapshot {
    byType = Map.copyOf(byType);
    byTenant = Map.copyOf(byTenant);
  }

  /** The counts of one event type, or zeros if none was counted. */
  public Counts type(String eventType) {
    return byType.getOrDefault(eventType, Counts.ZERO);
  }

  /** The counts of one tenant, or zeros if none was counted. */
  public Counts tenant(String tenant) {
    return byTenant.getOrDefault(tenant, Counts.ZERO);
  }

  /** The figures of {@link EventSeries}, summed. */
  public record Counts(long published, long delivered, long failed, long retried,
      long deadLettered, long filtered, long pending, long running, Latency latency) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, Latency.NONE);
  }
}
