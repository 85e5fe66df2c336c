package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.DeliveryOptions;
import dev.herald.runtime.Envelope;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final BatchDelivery.Context batches;
  private final ScheduledExecutorService timer;
  /** The batchers of every batch subscriber, for close; those of cancelled ones are flushed. */
  private final Set<Batcher> batchers = ConcurrentHashMap.newKeySet();
  /** Callers of {@code awaitIdle} now: while there are some, batches do not wait to fill. */
  private final AtomicInteger idleWaiters = new AtomicInteger();

  DeliveryPolicies(MetricsRecorder metrics, DeadLettering deadLettering, Clock clock,
      BatchDelivery.Context batches) {
    this.metrics = metrics;
    this.deadLettering = deadLettering;
    this.clock = clock;
    this.batches = batches;
    this.timer = batches.retries();
  }

  /** The filter {@code test} as the bus runs it, or null for none. */
  Filtering filter(Predicate<Envelope<?>> test) {
    return test == null ? null : new Filtering(test, metrics, deadLettering, clock);
  }

  /**
   * Batches for a subscriber with these options, or null when it takes single events: one batch
   * at a time for ORDERED, up to its concurrency (or without bound) for ASYNC.
   */
  Batcher batcher(DeliveryOptions options, Batcher.BatchInvoker invoker) {
    if (!options.isBatch()) {
      return null;
    }
    int parallel = options.delivery() == Delivery.ORDERED ? 1
        : options.concurrency() > 0 ? options.concurrency() : Integer.MAX_VALUE;
    Batcher batcher = new Batcher(options.batchSize(), options.batchWait(), parallel, invoker,
        batches, timer, () -> idleWaiters.get() > 0);
    batchers.add(batcher);
    return batcher;
  }

  /** A batch subscriber was cancelled: what it gathered is delivered now. */
  void cancelled(Batcher batcher) {
    batchers.remove(batcher);
    batcher.flush();
  }

  /**
   * Someone waits for the bus to be idle: batches being filled go now, and those that start
   * meanwhile go at once, until {@link #idleWaitOver}.
   */
  void idleWaitBegins() {
    idleWaiters.incrementAndGet();
    flushBatches();
  }

  void idleWaitOver() {
    idleWaiters.decrementAndGet();
  }

  /** The bus is closing: every batch being filled is delivered now. */
  void flushBatches() {
    batchers.forEach(Batcher::flush);
  }

  /** The bus's executor has shut down: every batch left is refused now; see Batcher#close. */
  void closeBatches() {
    batchers.forEach(Batcher::close);
  }
}
