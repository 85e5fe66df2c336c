package dev.herald.runtime.internal;

import dev.herald.runtime.BackpressureException;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.internal.Routes.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the bus takes work, and how much: it refuses everything once closed, and bounds the
 * asynchronous deliveries it has taken on and not finished (its {@link Backlog}) by applying its
 * {@link BackpressurePolicy} when the bound is reached. It also tells when the bus is idle.
 */
final class Admission {

  private final String source;
  private final BackpressurePolicy policy;
  private final Duration blockTimeout;
  private final int capacity;
  /** Asynchronous deliveries (and retries) queued or running; the bus is idle at zero. */
  private final Backlog pending;
  private final AtomicInteger blockedPublishers = new AtomicInteger();
  private final AtomicInteger idleWaiters = new AtomicInteger();
  private final Object room = new Object();
  private final Object idle = new Object();
  private volatile boolean closed;

  Admission(String source, BackpressurePolicy policy, Duration blockTimeout, int capacity) {
    this.source = source;
    this.policy = policy;
    this.blockTimeout = blockTimeout;
    this.capacity = capacity;
    this.pending = new Backlog(capacity);
  }

  /** Throws {@link BusClosedException} once the bus is closed. */
  void ensureOpen() {
    if (closed) {
      throw new BusClosedException("EventBus '" + source + "' is closed and accepts no more events"
          + " or subscriptions; publish before close(), or build a new bus");
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** From now on, nothing new is taken on (and nothing retried). */
  void close() {
    closed = true;
  }

  /**
   * Under {@link BackpressurePolicy#FAIL}, reserves room for every asynchronous subscriber of
   * {@code route} that would take {@code envelope}, all at once, so that a refused publish reaches
   * nobody rather than some. Subscriber {@code i} is left out if bit {@code i} of
   * {@code rejected} says its filter turned the envelope down.
   *
   * @return the slots reserved, each to be used by {@link #admit}'s caller or {@link #release}d
   * @throws BackpressureException if there is not room for all of them
   */
  int reserveAll(Route route, Envelope<?> envelope, long rejected) {
    if (policy != BackpressurePolicy.FAIL || route.async.length == 0) {
      return 0;
    }
    Subscriber[] subscribers = route.async;
    int wanted = 0;
    for (int i = 0; i < subscribers.length; i++) {
      if (wants(subscribers, i, envelope, rejected)) {
        wanted++;
      }
    }
    if (wanted > 0 && !pending.tryAdd(wanted)) {
      // The names only for the message: an admitted publish allocates nothing here.
      List<String> wanting = new ArrayList<>(wanted);
      for (int i = 0; i < subscribers.length; i++) {
        if (wants(subscribers, i, envelope, rejected)) {
          wanting.add(subscribers[i].name);
        }
      }
      throw new BackpressureException("EventBus '" + source + "' has " + capacity
          + " asynchronous deliveries queued, its capacity; " + envelope.type() + " "
          + envelope.id() + " was refused and reached none of its subscribers " + wanting
          + ". Slow down, raise queueCapacity, or choose another BackpressurePolicy");
    }
    return wanted;
  }

  /** Whether asynchronous subscriber {@code i} would take the envelope, its filter permitting. */
  private static boolean wants(Subscriber[] subscribers, int i, Envelope<?> envelope,
      long rejected) {
    return subscribers[i].wouldAccept(envelope) && !Publisher.isRejected(rejected, i);
  }

  /**
   * Takes one delivery on if there is room; otherwise applies the policy: {@code FAIL} throws,
   * {@code BLOCK} waits up to the block timeout. False when the delivery was refused: its caller
   * dead-letters it (or hands it back to its transport).
   */
  boolean admit(DeliveryTask task) {
    return admit(task.subscriber, task.envelope);
  }

  /** As {@link #admit(DeliveryTask)}, for a delivery that has no task (yet). */
  boolean admit(Subscriber subscriber, Envelope<?> envelope) {
    if (pending.tryAdd(1)) {
      return true;
    }
    switch (policy) {
      case FAIL:
        throw new BackpressureException("EventBus '" + source + "' has " + capacity
            + " asynchronous deliveries queued, its capacity; " + envelope.type() + " "
            + envelope.id() + " was not queued for " + subscriber.name
            + ". Slow down, raise queueCapacity, or choose another BackpressurePolicy");
      case BLOCK:
        return awaitRoom();
      default:
        return false;
    }
  }

  /** Takes on a retry of a SYNC delivery, beyond the capacity: the work was taken on already. */
  void readmit() {
    pending.add(1);
  }

  /** Frees {@code slots} and wakes blocked publishers and idle waiters, if there are any. */
  void release(int slots) {
    if (slots > 0) {
      pending.remove(slots);
      if (blockedPublishers.get() > 0) {
        synchronized (room) {
          room.notifyAll();
        }
      }
      if (idleWaiters.get() > 0 && pending.isEmpty()) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    }
  }

  /** Asynchronous deliveries taken on and not finished: the health check's and metrics' depth. */
  int depth() {
    return (int) Math.min(Integer.MAX_VALUE, pending.size());
  }

  String source() {
    return source;
  }

  int capacity() {
    return capacity;
  }

  /** Waits until no asynchronous delivery is left; false if {@code timeout} passed first. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    idleWaiters.incrementAndGet();
    try {
      synchronized (idle) {
        while (!pending.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
      }
      return true;
    } finally {
      idleWaiters.decrementAndGet();
    }
  }

  private boolean awaitRoom() {
    blockedPublishers.incrementAndGet();
    try {
      long deadline = System.nanoTime() + blockTimeout.toNanos();
      synchronized (room) {
        while (true) {
          if (pending.tryAdd(1)) {
            return true;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(room, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      blockedPublishers.decrementAndGet();
    }
  }
}
