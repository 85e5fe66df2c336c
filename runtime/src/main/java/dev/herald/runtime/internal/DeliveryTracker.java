package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.spi.DeliveryOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers the outcomes of one received envelope's deliveries for the transport that handed it in, and
 * completes once the last of them is final.
 */
final class DeliveryTracker {

  private final Envelope<?> envelope;
  /** Deliveries not yet final, plus one held by the dispatch itself until it has started them all. */
  private final AtomicInteger outstanding = new AtomicInteger(1);
  private final AtomicInteger heard = new AtomicInteger();
  private final List<DeliveryOutcome.Failure> failures = new ArrayList<>();
  private final CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();

  DeliveryTracker(Envelope<?> envelope) {
    this.envelope = envelope;
  }

  CompletableFuture<DeliveryOutcome> outcome() {
    return outcome;
  }

  /** A subscriber took the envelope; its delivery is now outstanding. */
  void started() {
    heard.incrementAndGet();
    outstanding.incrementAndGet();
  }

  void succeeded() {
    release();
  }

  void failed(String subscriber, DeadLetter.Reason reason, Throwable error, int attempts) {
    DeliveryOutcome.Failure failure = new DeliveryOutcome.Failure(subscriber, reason.name(),
        error == null ? null : error.getClass().getName(),
        error == null ? null : error.getMessage(), attempts);
    synchronized (failures) {
      failures.add(failure);
    }
    release();
  }

  /** The dispatch has started every delivery it will. */
  void dispatched() {
    release();
  }

  /** The dispatch itself failed (e.g. refused under back-pressure) before starting deliveries. */
  void refused(Throwable error) {
    outcome.completeExceptionally(error);
  }

  private void release() {
    if (outstanding.decrementAndGet() == 0) {
      List<DeliveryOutcome.Failure> all;
      synchronized (failures) {
        all = List.copyOf(failures);
      }
      outcome.complete(new DeliveryOutcome(envelope, heard.get(), all));
    }
  }
}
