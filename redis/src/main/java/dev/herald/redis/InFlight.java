package dev.herald.redis;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entries handed to the bus and not settled yet: at most {@code maxInFlight}, so that a slow
 * bus holds the reads back instead of piling entries up in memory; and known by stream and id, so
 * that a claim pass does not take a slow delivery here for an abandoned one.
 */
final class InFlight {

  private final Semaphore permits;
  private final Set<String> entries = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();

  InFlight(int maxInFlight) {
    this.permits = new Semaphore(maxInFlight);
  }

  /** Waits for room for a whole batch before reading one; {@link #unreserve} after the read. */
  void reserve(int batch) throws InterruptedException {
    permits.acquire(batch);
  }

  void unreserve(int batch) {
    permits.release(batch);
  }

  /** Counts an entry in, waiting for room; {@link #end} it once settled, whatever the outcome. */
  void begin(StreamMessage<String, byte[]> message) throws InterruptedException {
    permits.acquire();
    entries.add(keyOf(message));
    count.incrementAndGet();
  }

  void end(StreamMessage<String, byte[]> message) {
    entries.remove(keyOf(message));
    permits.release();
    if (count.decrementAndGet() == 0) {
      synchronized (count) {
        count.notifyAll();
      }
    }
  }

  boolean contains(StreamMessage<String, byte[]> message) {
    return entries.contains(keyOf(message));
  }

  int count() {
    return count.get();
  }

  /** Waits until none is in flight, at most {@code timeout}; returns how many still are. */
  int awaitNone(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (count) {
      while (count.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          count.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return count.get();
  }

  private static String keyOf(StreamMessage<String, byte[]> message) {
    return message.getStream() + "/" + message.getId();
  }
}
