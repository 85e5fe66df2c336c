package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * Builds the parts a subscriber's delivery policies need at run time (its filter, its concurrency
 * limit, its batches), wired to the bus's metrics, dead letters and dispatcher. A subscriber that
 * uses none of them gets none, and its deliveries pay for none.
 */
final class DeliveryPolicies {

  private final MetricsRecorder metrics;
  private final DeadLettering deadLettering;
  private final Clock clock;

  DeliveryPolicies(MetricsRecorder metrics, DeadLettering deadLettering, Clock clock) {
    this.metrics = metrics;
    this.deadLettering = deadLettering;
    this.clock = clock;
  }

  /** The filter {@code test} as the bus runs it, or null for none. */
  Filtering filter(Predicate<Envelope<?>> test) {
    return test == null ? null : new Filtering(test, metrics, deadLettering, clock);
  }
}
