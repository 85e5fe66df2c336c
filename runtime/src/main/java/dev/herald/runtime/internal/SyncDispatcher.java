package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.internal.CurrentEvent.State;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs SYNC subscribers on the publisher's thread. An event published from inside a SYNC listener is
 * queued and delivered once the current event has reached every subscriber, so that each listener sees
 * events in publish order (no depth-first reordering). The common case, a publish from outside any
 * listener, allocates nothing here and looks up no thread-local: the publisher passes the thread's
 * {@link State}, which it looked up once.
 */
final class SyncDispatcher {

  /** Delivers one envelope to one subscriber on the current thread. */
  interface Deliverer {
    /**
     * Delivers; returns true when the delivery succeeded at once and {@code series} has yet to
     * count it (the dispatcher counts those once per envelope).
     */
    boolean deliver(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
        Series series, State thread);
  }

  /** Stands for null in the queue, which holds no nulls. */
  private static final Object NONE = new Object();

  private static final AtomicInteger IDS = new AtomicInteger();

  /** This dispatcher's number, never 0, which stands for none. */
  private final int id = IDS.incrementAndGet();
  private final Deliverer deliverer;
  private final boolean mdc;

  SyncDispatcher(Deliverer deliverer, boolean mdc) {
    this.deliverer = deliverer;
    this.mdc = mdc;
  }

  /**
   * Delivers to {@code subscribers}; {@code tracker}, if not null, hears of every delivery, and
   * {@code series}, if not null, counts them. {@code state} is the current thread's.
   */
  void dispatch(State state, Envelope<?> envelope, Subscriber[] subscribers,
      DeliveryTracker tracker, Series series) {
    if (state.dispatching == id) {
      ArrayDeque<Object> queue = state.queue;
      if (queue == null) {
        queue = new ArrayDeque<>();
        state.queue = queue;
      }
      queue.add(envelope);
      queue.add(subscribers);
      queue.add(tracker != null ? tracker : NONE);
      queue.add(series != null ? series : NONE);
      return;
    }
    // Another bus may be dispatching on this thread (its listener published here): it keeps its
    // queue, this bus delivers at once with a queue of its own, as if each bus had its own state.
    int outer = state.dispatching;
    ArrayDeque<Object> outerQueue = state.queue;
    if (outer != 0) {
      state.queue = null;
    }
    state.dispatching = id;
    try {
      deliverAll(state, envelope, subscribers, tracker, series);
      ArrayDeque<Object> queue;
      while ((queue = state.queue) != null && !queue.isEmpty()) {
        Envelope<?> next = (Envelope<?>) queue.poll();
        Subscriber[] nextSubscribers = (Subscriber[]) queue.poll();
        Object nextTracker = queue.poll();
        Object nextSeries = queue.poll();
        deliverAll(state, next, nextSubscribers,
            nextTracker == NONE ? null : (DeliveryTracker) nextTracker,
            nextSeries == NONE ? null : (Series) nextSeries);
      }
    } finally {
      if (state.queue != null) {
        state.queue.clear();
      }
      state.dispatching = outer;
      if (outer != 0) {
        state.queue = outerQueue;
      }
    }
  }

  /**
   * Delivers with {@code envelope} as the current event (and in the MDC), set once for all its
   * subscribers.
   */
  private void deliverAll(State state, Envelope<?> envelope, Subscriber[] subscribers,
      DeliveryTracker tracker, Series series) {
    Envelope<?> previous = state.current;
    state.current = envelope;
    if (mdc) {
      DiagnosticContext.enter(envelope);
    }
    int delivered = 0;
    // The first envelope of each millisecond per series has its deliveries' latency recorded.
    boolean timed = series != null && series.timeSyncEnvelope();
    boolean outerTiming = state.timing; // another bus's delivery under way on this thread
    long outerNanos = state.nanos;
    state.timing = timed;
    if (timed) {
      state.nanos = System.nanoTime();
    }
    try {
      for (Subscriber subscriber : subscribers) {
        if (subscriber.accepts(envelope)) {
          if (tracker != null) {
            tracker.started();
          }
          if (deliverer.deliver(subscriber, envelope, tracker, series, state)) {
            delivered++;
          }
        }
      }
    } finally {
      state.timing = outerTiming;
      state.nanos = outerNanos;
      state.current = previous;
      if (mdc) {
        DiagnosticContext.restore(previous);
      }
      if (delivered > 0) {
        series.countDelivered(state, delivered); // once for all subscribers
      }
    }
  }
}
