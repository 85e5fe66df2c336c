package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's filter as the bus runs it, once per envelope, on the dispatching thread: an
 * envelope it turns down is counted as filtered and goes no further; one on which it throws is a
 * delivery that failed for good, logged and dead-lettered with the filter's exception (retrying a
 * filter would only throw again).
 *
 * <p>The filters of asynchronous subscribers run before the bus reserves or takes queue slots
 * ({@link #rejected}), so an event they turn down costs none, under every back-pressure policy.
 */
final class Filtering {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final Predicate<Envelope<?>> test;
  private final MetricsRecorder metrics;
  private final DeadLettering deadLettering;
  private final Clock clock;

  Filtering(Predicate<Envelope<?>> test, MetricsRecorder metrics, DeadLettering deadLettering,
      Clock clock) {
    this.test = test;
    this.metrics = metrics;
    this.deadLettering = deadLettering;
    this.clock = clock;
  }

  /** The most asynchronous subscribers of a route whose filters run before admission. */
  static final int PRE_ADMISSION = Long.SIZE;

  /**
   * Runs the filters of the first {@value #PRE_ADMISSION} of {@code subscribers} that would take
   * {@code envelope}; returns a mask of those that turned it down (bit i for subscriber i). The
   * filters of any further subscribers run as their deliveries are queued.
   */
  static long rejected(Subscriber[] subscribers, Envelope<?> envelope) {
    long rejected = 0;
    int count = Math.min(subscribers.length, PRE_ADMISSION);
    for (int i = 0; i < count; i++) {
      Subscriber subscriber = subscribers[i];
      if (subscriber.filter != null && subscriber.wouldAccept(envelope)
          && !subscriber.filter.passes(subscriber, envelope)) {
        rejected |= 1L << i;
      }
    }
    return rejected;
  }

  /** Whether {@code subscriber} hears {@code envelope}; counts or settles it when not. */
  boolean passes(Subscriber subscriber, Envelope<?> envelope) {
    boolean passes;
    try {
      passes = test.test(envelope);
    } catch (RuntimeException error) {
      log.error("The filter of subscriber {} threw on {} {}; the delivery is dead-lettered."
          + " Payload: {}", subscriber.name, envelope.type(), envelope.id(),
          PayloadRenderer.render(envelope), error);
      Series series = metrics.seriesOf(envelope);
      if (series != null) {
        series.failed.increment();
      }
      Instant now = clock.instant();
      deadLettering.deadLetter(envelope, subscriber.name, DeadLetter.Reason.FAILED, error, 0, now,
          now);
      return false;
    }
    if (!passes) {
      Series series = metrics.seriesOf(envelope);
      if (series != null) {
        series.filtered.increment();
      }
    }
    return passes;
  }
}
