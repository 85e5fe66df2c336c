package dev.herald.runtime.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/** Counts occurrences over the last minute, in six ten-second buckets; lock-free. */
final class RecentCount {

  private static final int BUCKETS = 6;
  private static final long BUCKET_MILLIS = 10_000;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLongArray stamps = new AtomicLongArray(BUCKETS);

  void add(long nowMillis) {
    long bucket = nowMillis / BUCKET_MILLIS;
    int slot = (int) (bucket % BUCKETS);
    long stamp = stamps.get(slot);
    if (stamp != bucket && stamps.compareAndSet(slot, stamp, bucket)) {
      counts.set(slot, 0); // a bucket from a minute ago: start it afresh
    }
    counts.incrementAndGet(slot);
  }

  long lastMinute(long nowMillis) {
    long bucket = nowMillis / BUCKET_MILLIS;
    long sum = 0;
    for (int slot = 0; slot < BUCKETS; slot++) {
      if (bucket - stamps.get(slot) < BUCKETS) {
        sum += counts.get(slot);
      }
    }
    return sum;
  }
}
