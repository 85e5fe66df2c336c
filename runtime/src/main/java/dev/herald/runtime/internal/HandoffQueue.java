package dev.herald.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded first-in first-out queue for many producers and many consumers, on an array: Dmitry
 * Vyukov's bounded MPMC queue. Each slot carries a sequence number that says whose turn it is, so a
 * producer claims a slot with one compare-and-set on the tail index and publishes it with one ordered
 * write, and a consumer does the same on the head index. Nothing is allocated per element, and
 * producers and consumers share no line but the slots they pass to one another. The JDK has no such
 * queue: {@code ArrayBlockingQueue} takes one lock for both ends, {@code ConcurrentLinkedQueue}
 * allocates a node per element.
 *
 * <p>{@link #poll} may return null while an element is being published (a producer claimed its slot
 * and has not written it yet); {@link #isEmpty} says false then, so a consumer that must not miss it
 * polls again.
 *
 * <p>An element may carry {@value #PARTS} parts ({@link #offer(Object, Object, Object)}), stored side
 * by side in its slot: a hand-off of a few references needs no object to hold them.
 */
final class HandoffQueue<E> extends HandoffQueuePad2 {

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
  /** References per slot: the element and two more parts. */
  static final int PARTS = 3;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(HandoffQueueHead.class, "head", long.class);
      TAIL = lookup.findVarHandle(HandoffQueueTail.class, "tail", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long[] sequences;
  private final Object[] slots;
  private final int mask;

  /** A queue of at least {@code capacity} elements (rounded up to a power of two, at least 2). */
  HandoffQueue(int capacity) {
    if (capacity < 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be between 1 and 2^30, got " + capacity);
    }
    int size = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
    sequences = new long[size];
    slots = new Object[size * PARTS];
    mask = size - 1;
    for (int i = 0; i < size; i++) {
      sequences[i] = i;
    }
  }

  int capacity() {
    return mask + 1;
  }

  /** Adds {@code element} at the tail; false if the queue is full. */
  boolean offer(E element) {
    return offer(element, null, null);
  }

  /**
   * Adds {@code element} with two more parts, which {@link #poll(Object[])} hands out with it;
   * false if the queue is full.
   */
  boolean offer(E element, Object second, Object third) {
    if (element == null) {
      throw new NullPointerException("element");
    }
    long tail = this.tail;
    while (true) {
      int index = (int) tail & mask;
      long sequence = (long) SEQUENCE.getAcquire(sequences, index);
      long lag = sequence - tail;
      if (lag == 0) {
        if (TAIL.compareAndSet(this, tail, tail + 1)) {
          int slot = index * PARTS;
          slots[slot + 1] = second;
          slots[slot + 2] = third;
          slots[slot] = element;
          SEQUENCE.setRelease(sequences, index, tail + 1);
          return true;
        }
        tail = this.tail;
      } else if (lag < 0) {
        // The slot still holds the element of one lap ago: full, unless a consumer moved meanwhile.
        long again = this.tail;
        if (again == tail) {
          return false;
        }
        tail = again;
      } else {
        tail = this.tail; // another producer took this slot
      }
    }
  }

  /** Takes the element at the head; null if there is none ready. */
  E poll() {
    return poll(null);
  }

  /**
   * Takes the element at the head, and puts its two other parts into {@code parts} (unless null);
   * null if there is none ready.
   */
  @SuppressWarnings("unchecked") // only offer writes slots, and only Es first
  E poll(Object[] parts) {
    long head = this.head;
    while (true) {
      int index = (int) head & mask;
      long sequence = (long) SEQUENCE.getAcquire(sequences, index);
      long lag = sequence - (head + 1);
      if (lag == 0) {
        if (HEAD.compareAndSet(this, head, head + 1)) {
          int slot = index * PARTS;
          E element = (E) slots[slot];
          if (parts != null) {
            parts[0] = slots[slot + 1];
            parts[1] = slots[slot + 2];
          }
          slots[slot] = null;
          slots[slot + 1] = null;
          slots[slot + 2] = null;
          SEQUENCE.setRelease(sequences, index, head + mask + 1);
          return element;
        }
        head = this.head;
      } else if (lag < 0) {
        long again = this.head;
        if (again == head) {
          return null; // empty, or its producer has not finished writing it
        }
        head = again;
      } else {
        head = this.head; // another consumer took this slot
      }
    }
  }

  /** Whether no element is queued or being published; exact when producers and consumers rest. */
  boolean isEmpty() {
    long head = this.head;
    return this.tail == head;
  }

  /** Elements taken so far: it grows whenever a consumer makes progress. */
  long taken() {
    return head;
  }

  /** Elements queued or being published, approximately. */
  int size() {
    long head = this.head;
    return (int) Math.max(0, Math.min(this.tail - head, (long) mask + 1));
  }
}

/** Padding before the producers' index. */
abstract class HandoffQueuePad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The producers' index: the next slot to fill. */
abstract class HandoffQueueTail extends HandoffQueuePad0 {
  volatile long tail;
}

/** Padding between the producers' and the consumers' indexes. */
abstract class HandoffQueuePad1 extends HandoffQueueTail {
  long q00, q01, q02, q03, q04, q05, q06, q07;
  long q10, q11, q12, q13, q14, q15, q16, q17;
}

/** The consumers' index: the next slot to take. */
abstract class HandoffQueueHead extends HandoffQueuePad1 {
  volatile long head;
}

/** Padding after the consumers' index. */
abstract class HandoffQueuePad2 extends HandoffQueueHead {
  long r00, r01, r02, r03, r04, r05, r06, r07;
  long r10, r11, r12, r13, r14, r15, r16, r17;
}
