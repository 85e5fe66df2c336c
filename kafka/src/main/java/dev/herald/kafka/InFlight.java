package dev.herald.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Counts the records handed to the bus and not yet done with (settled, or given up for redelivery
 * elsewhere), so that the consumer pauses its partitions at {@code maxInFlight} instead of piling
 * records up in memory; and lets the consumer thread wait, on a rebalance or at close, until a
 * condition on them holds.
 */
final class InFlight {

  private final AtomicInteger count = new AtomicInteger();

  void begin() {
    count.incrementAndGet();
  }

  /** One record is done with; wakes whoever {@linkplain #await awaits} a condition. */
  void end() {
    count.decrementAndGet();
    synchronized (this) {
      notifyAll();
    }
  }

  int count() {
    return count.get();
  }

  /**
   * Waits until {@code condition} holds, checked at each {@link #end}, at most {@code timeout};
   * returns whether it holds.
   */
  boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return condition.getAsBoolean();
        }
      }
    }
    return true;
  }
}
