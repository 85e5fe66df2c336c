package dev.herald.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The asynchronous deliveries a bus has taken on and not finished, so that {@link
 * DefaultEventBus#close} can dead-letter the ones a timeout leaves behind. It is written twice per
 * delivery (the publisher adds, a worker removes) and read only at close, so it is built for the
 * writes: each task links itself into one of several stripes picked by its hash, under that stripe's
 * lock. No allocation, no counter shared by all threads (a {@code ConcurrentHashMap} set allocated a
 * node and updated one shared count per add and per remove), and a publisher and a worker rarely
 * meet on one lock.
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

  private Stripe stripeOf(DeliveryTask task) {
    return stripes[task.hashCode() & (STRIPES - 1)];
  }

  /** Adds {@code task}; false if it was in already. */
  boolean add(DeliveryTask task) {
    Stripe stripe = stripeOf(task);
    synchronized (stripe) {
      if (task.inFlight) {
        return false;
      }
      task.inFlight = true;
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
    Stripe stripe = stripeOf(task);
    synchronized (stripe) {
      if (!task.inFlight) {
        return false;
      }
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
