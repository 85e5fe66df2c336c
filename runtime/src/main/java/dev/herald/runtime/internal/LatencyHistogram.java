package dev.herald.runtime.internal;

import dev.herald.runtime.observability.Latency;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A log-linear histogram of nanoseconds: eight buckets per power of two, so each bucket spans at most
 * 12.5% of its values, up to about 69 seconds (longer values count as that). Recording is lock-free
 * and allocation-free: one array increment, one adder and, rarely, a max update.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 36;
  static final long MAX_VALUE = (1L << (MAX_EXPONENT + 1)) - 1;
  private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder total = new LongAdder();
  private final AtomicLong max = new AtomicLong();

  void record(long nanos) {
    long value = Math.min(Math.max(nanos, 0), MAX_VALUE);
    counts.incrementAndGet(indexOf(value));
    total.add(value);
    long seen = max.get();
    while (value > seen && !max.compareAndSet(seen, value)) {
      seen = max.get();
    }
  }

  static int indexOf(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
  }

  /** The largest value that falls in bucket {@code index}. */
  static long highestValueIn(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
    long sub = index % SUB_BUCKETS;
    long lowest = (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    return lowest + (1L << (exponent - SUB_BITS)) - 1;
  }

  /** Adds this histogram's counts into {@code sums}, which has one slot per bucket. */
  void addTo(long[] sums) {
    for (int i = 0; i < BUCKETS; i++) {
      sums[i] += counts.get(i);
    }
  }

  long totalNanos() {
    return total.sum();
  }

  long maxNanos() {
    return max.get();
  }

  Latency latency() {
    long[] sums = newSums();
    addTo(sums);
    return latencyOf(sums, total.sum(), max.get());
  }

  static long[] newSums() {
    return new long[BUCKETS];
  }

  static Latency latencyOf(long[] sums, long totalNanos, long maxNanos) {
    long count = 0;
    for (long c : sums) {
      count += c;
    }
    if (count == 0) {
      return Latency.NONE;
    }
    return new Latency(count, Duration.ofNanos(totalNanos / count),
        Duration.ofNanos(Math.min(percentile(sums, count, 0.50), maxNanos)),
        Duration.ofNanos(Math.min(percentile(sums, count, 0.90), maxNanos)),
        Duration.ofNanos(Math.min(percentile(sums, count, 0.99), maxNanos)),
        Duration.ofNanos(maxNanos));
  }

  private static long percentile(long[] sums, long count, double quantile) {
    long rank = (long) Math.ceil(quantile * count);
    long seen = 0;
    for (int i = 0; i < sums.length; i++) {
      seen += sums[i];
      if (seen >= rank) {
        return highestValueIn(i);
      }
    }
    return MAX_VALUE;
  }
}
