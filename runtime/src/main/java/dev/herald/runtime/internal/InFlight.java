package dev.herald.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous deliveries a bus has taken on and not finished that it could not find otherwise at
 * {@link Shutdown}, so that it can dead-letter the ones a timeout leaves behind: those
 * waiting for a completion stage or a retry, and every one handed to an executor the bus cannot look
 * into. (Deliveries queued on the bus's own workers or in ORDERED lanes are found there.) It is
 * written twice per such delivery and read only at close, so it is built for the writes: each task
 * links itself into one of several stripes, picked by the adding thread, under that stripe's lock.
 * No allocation, no counter shared by all threads, and two threads rarely meet on one lock.
 */
final class InFlight {

  private static final int STRIPES = 16; // a power of two

  private static final class Stripe {
    /** Guarded by this stripe. */
    DeliveryTask head;
  }

  private final Stripe[] stripes = new Stripe[STRIPES];

  InFlight() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * Adds {@code task}; false if it was in already. A task's adds and removes are ordered by
   * happens-before (they follow its hand-offs from thread to thread), so its own fields say whether
   * and where it is in; the stripe's lock guards the links, which {@link #snapshot} reads.
   */
  boolean add(DeliveryTask task) {
    if (task.inFlight) {
      return false;
    }
    int index = (int) Thread.currentThread().getId() & (STRIPES - 1);
    Stripe stripe = stripes[index];
    synchronized (stripe) {
      task.inFlight = true;
      task.stripe = index;
      DeliveryTask head = stripe.head;
      task.nextInFlight = head;
      task.previousInFlight = null;
      if (head != null) {
        head.previousInFlight = task;
      }
      stripe.head = task;
      return true;
    }
  }

  /** Removes {@code task}; false if it was not in. */
  boolean remove(DeliveryTask task) {
    if (!task.inFlight) {
      return false;
    }
    Stripe stripe = stripes[task.stripe];
    synchronized (stripe) {
      task.inFlight = false;
      DeliveryTask previous = task.previousInFlight;
      DeliveryTask next = task.nextInFlight;
      if (previous != null) {
        previous.nextInFlight = next;
      } else {
        stripe.head = next;
      }
      if (next != null) {
        next.previousInFlight = previous;
      }
      task.previousInFlight = null;
      task.nextInFlight = null;
      return true;
    }
  }

  /** The tasks in flight now. */
  List<DeliveryTask> snapshot() {
    List<DeliveryTask> all = new ArrayList<>();
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        for (DeliveryTask task = stripe.head; task != null; task = task.nextInFlight) {
          all.add(task);
        }
      }
    }
    return all;
  }
}
