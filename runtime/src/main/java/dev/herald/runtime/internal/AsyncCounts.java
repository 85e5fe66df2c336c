package dev.herald.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The asynchronous deliveries of one {@link Series}: taken on (counted by publishers), delivered or
 * abandoned (dead-lettered, refused; counted by workers), attempts running and their latency (recorded
 * by workers). Pending is taken on minus finished. Publishers and workers write on cache lines of their
 * own: {@code LongAdder}s allocated side by side share lines (and the garbage collector may move any
 * two small objects next to each other), so a publisher counting an event in and a worker counting the
 * previous one out would pass one line back and forth on every event. Padding inside this object
 * keeps them apart wherever it is moved.
 *
 * <p>The latency histogram's buckets are an array of their own, written by workers only; its total and
 * maximum live on the workers' line here.
 */
final class AsyncCounts extends AsyncCountsPad2 {

  private static final VarHandle ACCEPTED;
  private static final VarHandle DELIVERED;
  private static final VarHandle ABANDONED;
  private static final VarHandle RUNNING;
  private static final VarHandle TOTAL_NANOS;
  private static final VarHandle MAX_NANOS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCEPTED = lookup.findVarHandle(AsyncCountsIn.class, "accepted", long.class);
      DELIVERED = lookup.findVarHandle(AsyncCountsOut.class, "delivered", long.class);
      ABANDONED = lookup.findVarHandle(AsyncCountsOut.class, "abandoned", long.class);
      RUNNING = lookup.findVarHandle(AsyncCountsOut.class, "running", long.class);
      TOTAL_NANOS = lookup.findVarHandle(AsyncCountsOut.class, "totalNanos", long.class);
      MAX_NANOS = lookup.findVarHandle(AsyncCountsOut.class, "maxNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Attempts per latency bucket, as {@link LatencyHistogram} has them. */
  private final java.util.concurrent.atomic.AtomicLongArray buckets =
      new java.util.concurrent.atomic.AtomicLongArray(LatencyHistogram.newSums().length);

  void accepted() {
    ACCEPTED.getAndAdd(this, 1L);
  }

  void delivered() {
    DELIVERED.getAndAdd(this, 1L);
  }

  void abandoned() {
    ABANDONED.getAndAdd(this, 1L);
  }

  void started() {
    RUNNING.getAndAdd(this, 1L);
  }

  void ended() {
    RUNNING.getAndAdd(this, -1L);
  }

  /** Records an attempt's latency (the same buckets as {@link LatencyHistogram#record}). */
  void record(long nanos) {
    long value = Math.min(Math.max(nanos, 0), LatencyHistogram.MAX_VALUE);
    buckets.getAndIncrement(LatencyHistogram.indexOf(value));
    TOTAL_NANOS.getAndAdd(this, value);
    long seen = maxNanos;
    while (value > seen && !MAX_NANOS.compareAndSet(this, seen, value)) {
      seen = maxNanos;
    }
  }

  /** Adds the latency buckets into {@code sums}, which has one slot per bucket. */
  void addTo(long[] sums) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += buckets.get(i);
    }
  }

  long totalNanos() {
    return totalNanos;
  }

  long maxNanos() {
    return maxNanos;
  }

  long deliveredCount() {
    return delivered;
  }

  /** Taken on and not finished; never negative (the finished are read first). */
  long pending() {
    long finished = delivered + abandoned;
    return accepted - finished;
  }

  long running() {
    return running;
  }
}

/** Padding before the publishers' line. */
abstract class AsyncCountsPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** Written by publishers. */
abstract class AsyncCountsIn extends AsyncCountsPad0 {
  volatile long accepted;
}

/** Padding between the publishers' and the workers' lines. */
abstract class AsyncCountsPad1 extends AsyncCountsIn {
  long q00, q01, q02, q03, q04, q05, q06, q07;
  long q10, q11, q12, q13, q14, q15, q16, q17;
}

/** Written by workers. */
abstract class AsyncCountsOut extends AsyncCountsPad1 {
  volatile long delivered;
  volatile long abandoned;
  volatile long running;
  volatile long totalNanos;
  volatile long maxNanos;
}

/** Padding after the workers' line. */
abstract class AsyncCountsPad2 extends AsyncCountsOut {
  long r00, r01, r02, r03, r04, r05, r06, r07;
  long r10, r11, r12, r13, r14, r15, r16, r17;
}
