package dev.herald.runtime.internal;


import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts of one series that publishing threads add to in cells of their own, so that counting a
 * SYNC publish takes no atomic instruction: a {@code LongAdder} takes one per update (a full fence,
 * dearer than the rest of the count) until it sees contention. Readers sum the cells under a lock;
 * the cells of threads that ended are folded into a base when the cells outnumber twice those
 * alive at the last fold, so a pool that replaces its threads does not grow them without end.
 */
final class ThreadCounts {

  /** One thread's counts; only that thread writes them. */
  static final class Cell {
    private static final VarHandle PUBLISHED;
    private static final VarHandle DELIVERED;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        PUBLISHED = lookup.findVarHandle(Cell.class, "published", long.class);
        DELIVERED = lookup.findVarHandle(Cell.class, "delivered", long.class);
      } catch (ReflectiveOperationException impossible) {
        throw new ExceptionInInitializerError(impossible);
      }
    }

    private final Thread owner;
    private long published;
    private long delivered;

    private Cell(Thread owner) {
      this.owner = owner;
    }

    /** Adds one publish; the owner's thread only (opaque: readers see no torn value). */
    void published() {
      PUBLISHED.setOpaque(this, published + 1);
    }

    /** Adds {@code n} deliveries; the owner's thread only. */
    void delivered(int n) {
      DELIVERED.setOpaque(this, delivered + n);
    }
  }

  private Cell[] cells = new Cell[0];
  private int aliveAtLastFold = 8;
  private long foldedPublished;
  private long foldedDelivered;

  /** Cached per thread: the cells of this many series, by {@link #slot}. */
  static final int CACHED = 16;
  private static final AtomicInteger SLOTS = new AtomicInteger();

  /** Where this series' cell sits in each thread's cache; series made in turn take turns. */
  private final int slot = SLOTS.getAndIncrement() & (CACHED - 1);

  /**
   * The current thread's cell, {@code thread} being its state. A thread finds the cells of up to
   * {@value #CACHED} series it counts in often without writing anything (a write of a reference
   * into its long-lived state costs a fence in G1's write barrier); others it looks up in a map.
   */
  Cell cell(CurrentEvent.State thread) {
    ThreadCounts[] keys = thread.countsKeys;
    if (keys != null && keys[slot] == this) {
      return thread.countsCells[slot];
    }
    return cellMissed(thread);
  }

  private Cell cellMissed(CurrentEvent.State thread) {
    if (thread.countsKeys == null) {
      thread.countsKeys = new ThreadCounts[CACHED];
      thread.countsCells = new Cell[CACHED];
      thread.cells = new WeakHashMap<>(); // weak: the series of a closed bus may go
    }
    Cell cell = thread.cells.get(this);
    if (cell == null) {
      cell = register();
      thread.cells.put(this, cell);
    }
    thread.countsKeys[slot] = this;
    thread.countsCells[slot] = cell;
    return cell;
  }

  private synchronized Cell register() {
    if (cells.length >= 2 * aliveAtLastFold) {
      foldEnded();
    }
    Cell cell = new Cell(Thread.currentThread());
    cells = Arrays.copyOf(cells, cells.length + 1);
    cells[cells.length - 1] = cell;
    return cell;
  }

  private void foldEnded() {
    int alive = 0;
    for (Cell cell : cells) {
      // An ended thread writes no more: isAlive() returning false happens after its last write.
      if (cell.owner.isAlive()) {
        cells[alive++] = cell;
      } else {
        foldedPublished += (long) Cell.PUBLISHED.getOpaque(cell);
        foldedDelivered += (long) Cell.DELIVERED.getOpaque(cell);
      }
    }
    cells = Arrays.copyOf(cells, alive);
    aliveAtLastFold = Math.max(8, alive);
  }

  /** How many cells are kept (for tests). */
  synchronized int cellCount() {
    return cells.length;
  }

  synchronized long published() {
    long sum = foldedPublished;
    for (Cell cell : cells) {
      sum += (long) Cell.PUBLISHED.getOpaque(cell);
    }
    return sum;
  }

  synchronized long delivered() {
    long sum = foldedDelivered;
    for (Cell cell : cells) {
      sum += (long) Cell.DELIVERED.getOpaque(cell);
    }
    return sum;
  }
}
