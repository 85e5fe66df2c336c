package dev.herald.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many asynchronous deliveries a bus has taken on and not finished (queued, running, or waiting
 * for a retry): its back-pressure bound and its idleness. Publishers count deliveries in, workers
 * count them out, each side on a cache line of its own, and the size is the difference. A single
 * counter that both sides update moves its cache line between the publisher's and the worker's core
 * twice per event; here the publisher reads the workers' count only when the bound looks reached
 * from its own last reading of it, which is a lower bound because the count only grows.
 */
final class Backlog extends BacklogPad2 {

  private static final VarHandle ADMITTED;
  private static final VarHandle RELEASED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ADMITTED = lookup.findVarHandle(BacklogIn.class, "admitted", long.class);
      RELEASED = lookup.findVarHandle(BacklogOut.class, "released", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long capacity;

  Backlog(long capacity) {
    this.capacity = capacity;
  }

  /**
   * Counts in {@code n} deliveries if that keeps the backlog within its capacity; false (and nothing
   * counted) if not. Concurrent callers never take more than the capacity between them.
   */
  boolean tryAdd(int n) {
    long now = (long) ADMITTED.getAndAdd(this, (long) n) + n;
    if (now - releasedSeen <= capacity) {
      return true;
    }
    long out = released;
    releasedSeen = out; // racy but harmless: any value written was once the count, so a lower bound
    if (now - out <= capacity) {
      return true;
    }
    ADMITTED.getAndAdd(this, (long) -n);
    return false;
  }

  /** Counts in {@code n} deliveries regardless of the capacity (a retry of work already taken on). */
  void add(int n) {
    ADMITTED.getAndAdd(this, (long) n);
  }

  /** Counts out {@code n} deliveries that reached their outcome. */
  void remove(int n) {
    RELEASED.getAndAdd(this, (long) n);
  }

  /** Deliveries taken on and not finished. Never negative: counted out before counted in. */
  long size() {
    long out = released;
    return admitted - out;
  }

  boolean isEmpty() {
    return size() == 0;
  }

  long capacity() {
    return capacity;
  }
}

/** Padding: keeps the publishers' line away from whatever precedes the object. */
abstract class BacklogPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** Written by publishers. */
abstract class BacklogIn extends BacklogPad0 {
  volatile long admitted;
  /** The workers' count as a publisher last read it. */
  volatile long releasedSeen;
}

/** Padding between the publishers' and the workers' lines. */
abstract class BacklogPad1 extends BacklogIn {
  long q00, q01, q02, q03, q04, q05, q06, q07;
  long q10, q11, q12, q13, q14, q15, q16, q17;
}

/** Written by workers. */
abstract class BacklogOut extends BacklogPad1 {
  volatile long released;
}

/** Padding: keeps the workers' line away from whatever follows the object. */
abstract class BacklogPad2 extends BacklogOut {
  long r00, r01, r02, r03, r04, r05, r06, r07;
  long r10, r11, r12, r13, r14, r15, r16, r17;
}
