package dev.herald.runtime.spi;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For transport implementations: ids of the dead letters a transport writes, {@code dlq_} then the
 * milliseconds and a counter that starts at a random value, in hex, so that processes writing to
 * one dead-letter store do not collide.
 */
public final class DeadLetterIds {

  private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong());

  private DeadLetterIds() {}

  /** A new id, e.g. {@code dlq_018c2e4f5a7b00c0ffee}. */
  public static String next() {
    return "dlq_" + String.format("%012x%08x", System.currentTimeMillis(),
        SEQUENCE.incrementAndGet() & 0xffffffffL);
  }
}
