package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.util.ArrayDeque;

/**
 * Runs SYNC subscribers on the publisher's thread. An event published from inside a SYNC listener is
 * queued and delivered once the current event has reached every subscriber, so that each listener sees
 * events in publish order (no depth-first reordering). The common case, a publish from outside any
 * listener, allocates nothing here.
 */
final class SyncDispatcher {

  /** Delivers one envelope to one subscriber on the current thread. */
  interface Deliverer {
    void deliver(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
        Series series);
  }

  private static final class State {
    boolean dispatching;
    final ArrayDeque<Object> queue = new ArrayDeque<>();
  }

  /** Stands for null in the queue, which holds no nulls. */
  private static final Object NONE = new Object();

  private final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);
  private final Deliverer deliverer;
  private final boolean mdc;

  SyncDispatcher(Deliverer deliverer, boolean mdc) {
    this.deliverer = deliverer;
    this.mdc = mdc;
  }

  /**
   * Delivers to {@code subscribers}; {@code tracker}, if not null, hears of every delivery, and
   * {@code series}, if not null, counts them.
   */
  void dispatch(Envelope<?> envelope, Subscriber[] subscribers, DeliveryTracker tracker,
      Series series) {
    State current = state.get();
    if (current.dispatching) {
      current.queue.add(envelope);
      current.queue.add(subscribers);
      current.queue.add(tracker != null ? tracker : NONE);
      current.queue.add(series != null ? series : NONE);
      return;
    }
    current.dispatching = true;
    try {
      deliverAll(envelope, subscribers, tracker, series);
      while (!current.queue.isEmpty()) {
        Envelope<?> next = (Envelope<?>) current.queue.poll();
        Subscriber[] nextSubscribers = (Subscriber[]) current.queue.poll();
        Object nextTracker = current.queue.poll();
        Object nextSeries = current.queue.poll();
        deliverAll(next, nextSubscribers,
            nextTracker == NONE ? null : (DeliveryTracker) nextTracker,
            nextSeries == NONE ? null : (Series) nextSeries);
      }
    } finally {
      current.queue.clear();
      current.dispatching = false;
    }
  }

  /**
   * Delivers with {@code envelope} as the current event (and in the MDC), set once for all its
   * subscribers.
   */
  private void deliverAll(Envelope<?> envelope, Subscriber[] subscribers,
      DeliveryTracker tracker, Series series) {
    Envelope<?> previous = CurrentEvent.enter(envelope);
    if (mdc) {
      DiagnosticContext.enter(envelope);
    }
    try {
      for (Subscriber subscriber : subscribers) {
        if (subscriber.accepts(envelope)) {
          if (tracker != null) {
            tracker.started();
          }
          deliverer.deliver(subscriber, envelope, tracker, series);
        }
      }
    } finally {
      CurrentEvent.restore(previous);
      if (mdc) {
        DiagnosticContext.restore(previous);
      }
    }
  }
}
