package dev.herald.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The asynchronous deliveries of one {@link Series}: taken on (counted by publishers), delivered or
 * abandoned (dead-lettered, refused; counted by workers), attempts running and their latency (recorded
 * by workers). Pending is taken on minus finished.
 *
 * <p><b>Who writes where.</b> Publishers and workers write on cache lines of their own: a publisher
 * counting an event in and a worker counting the previous one out would otherwise pass one line back
 * and forth on every event (padding keeps them apart wherever the object is moved). Each of the bus's
 * own workers counts its attempts and deliveries in a {@link Cell} of its own, picked by its index
 * ({@link #cell}), with plain ordered writes: only that thread writes it, so an attempt costs no
 * atomic instruction for its counts (five before: running up and down, the latency bucket and total,
 * delivered). Any other thread (an application's executor, the thread completing a listener's stage,
 * the retry scheduler, shutdown) counts in the shared fields with atomic instructions. Readers sum the
 * shared fields and the cells; each sum is exact once the bus is idle, as {@code awaitIdle} sees it:
 * a delivery is counted before its place in the backlog is given back.
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

  /** Worker index of a thread that is not one of the bus's workers: it counts in shared fields. */
  static final int SHARED = -1;

  private static final Cell[] NO_CELLS = new Cell[0];

  /** Attempts per latency bucket, as {@link LatencyHistogram} has them, from other threads. */
  private final AtomicLongArray buckets = new AtomicLongArray(LatencyHistogram.newSums().length);
  /** The workers' cells, by worker index; grown (copied) under this object's lock. */
  private volatile Cell[] cells = NO_CELLS;

  void accepted() {
    ACCEPTED.getAndAdd(this, 1L);
  }

  /** A delivery succeeded, counted by worker {@code worker} (or {@link #SHARED}). */
  void delivered(int worker) {
    if (worker >= 0) {
      cell(worker).delivered();
    } else {
      DELIVERED.getAndAdd(this, 1L);
    }
  }

  void abandoned() {
    ABANDONED.getAndAdd(this, 1L);
  }

  /** An attempt started on worker {@code worker} (or {@link #SHARED}). */
  void started(int worker) {
    if (worker >= 0) {
      cell(worker).running(1);
    } else {
      RUNNING.getAndAdd(this, 1L);
    }
  }

  /**
   * An attempt ended, after {@code nanos}; counted by worker {@code worker} (or {@link #SHARED}),
   * which need not be the one that started it.
   */
  void ended(int worker, long nanos) {
    long value = Math.min(Math.max(nanos, 0), LatencyHistogram.MAX_VALUE);
    if (worker >= 0) {
      cell(worker).ended(value);
      return;
    }
    RUNNING.getAndAdd(this, -1L);
    buckets.getAndIncrement(LatencyHistogram.indexOf(value));
    TOTAL_NANOS.getAndAdd(this, value);
    long seen = maxNanos;
    while (value > seen && !MAX_NANOS.compareAndSet(this, seen, value)) {
      seen = maxNanos;
    }
  }

  /** Worker {@code worker}'s cell, made on its first use. */
  private Cell cell(int worker) {
    Cell[] all = cells;
    Cell cell;
    if (worker < all.length && (cell = all[worker]) != null) {
      return cell;
    }
    return newCell(worker);
  }

  private synchronized Cell newCell(int worker) {
    Cell[] all = cells;
    if (worker < all.length && all[worker] != null) {
      return all[worker];
    }
    all = Arrays.copyOf(all, Math.max(all.length, worker + 1));
    all[worker] = new Cell();
    cells = all;
    return all[worker];
  }

  /** Adds the latency buckets into {@code sums}, which has one slot per bucket. */
  void addTo(long[] sums) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += buckets.get(i);
    }
    for (Cell cell : cells) {
      if (cell != null) {
        cell.addTo(sums);
      }
    }
  }

  long totalNanos() {
    long sum = totalNanos;
    for (Cell cell : cells) {
      if (cell != null) {
        sum += (long) Cell.TOTAL_NANOS.getAcquire(cell);
      }
    }
    return sum;
  }

  long maxNanos() {
    long max = maxNanos;
    for (Cell cell : cells) {
      if (cell != null) {
        max = Math.max(max, (long) Cell.MAX_NANOS.getAcquire(cell));
      }
    }
    return max;
  }

  long deliveredCount() {
    long sum = delivered;
    for (Cell cell : cells) {
      if (cell != null) {
        sum += (long) Cell.DELIVERED.getAcquire(cell);
      }
    }
    return sum;
  }

  /**
   * Taken on and not finished; never negative: the finished are read first, with acquire reads, and
   * a delivery is taken on (by a publisher) before a worker can finish it.
   */
  long pending() {
    long finished = deliveredCount() + abandoned;
    return Math.max(0, accepted - finished);
  }

  /**
   * Attempts running now. An attempt may start on one worker and end on another thread (its stage's),
   * so a cell's own figure may be negative; the sum is not, but it is read without a lock, so it is
   * kept at 0 or more.
   */
  long running() {
    long sum = running;
    for (Cell cell : cells) {
      if (cell != null) {
        sum += (long) Cell.RUNNING.getAcquire(cell);
      }
    }
    return Math.max(0, sum);
  }

  /**
   * One worker's counts. Only its worker writes them, with release writes of values it read plainly
   * (no atomic instruction); readers read with acquire. Padded, so that two workers' cells, which
   * may lie side by side, do not share a cache line.
   */
  static final class Cell extends CellFields {
    private static final VarHandle DELIVERED;
    private static final VarHandle RUNNING;
    private static final VarHandle TOTAL_NANOS;
    private static final VarHandle MAX_NANOS;
    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(long[].class);

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        DELIVERED = lookup.findVarHandle(CellFields.class, "delivered", long.class);
        RUNNING = lookup.findVarHandle(CellFields.class, "running", long.class);
        TOTAL_NANOS = lookup.findVarHandle(CellFields.class, "totalNanos", long.class);
        MAX_NANOS = lookup.findVarHandle(CellFields.class, "maxNanos", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final long[] buckets = LatencyHistogram.newSums();

    void delivered() {
      DELIVERED.setRelease(this, delivered + 1);
    }

    void running(long change) {
      RUNNING.setRelease(this, running + change);
    }

    void ended(long nanos) {
      int bucket = LatencyHistogram.indexOf(nanos);
      BUCKET.setRelease(buckets, bucket, buckets[bucket] + 1);
      TOTAL_NANOS.setRelease(this, totalNanos + nanos);
      if (nanos > maxNanos) {
        MAX_NANOS.setRelease(this, nanos);
      }
      RUNNING.setRelease(this, running - 1);
    }

    void addTo(long[] sums) {
      for (int i = 0; i < sums.length; i++) {
        sums[i] += (long) BUCKET.getAcquire(buckets, i);
      }
    }
  }

  /** A cell's fields, padded on both sides. */
  abstract static class CellFields extends AsyncCountsPad0 {
    long delivered;
    long running;
    long totalNanos;
    long maxNanos;
    long s00, s01, s02, s03, s04, s05, s06, s07;
    long s10, s11, s12, s13, s14, s15, s16, s17;
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

/** Written by threads other than the bus's workers (and by none of them on the fast path). */
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
