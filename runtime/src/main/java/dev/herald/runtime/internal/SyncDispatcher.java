package dev.herald.runtime.internal;

import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.internal.CurrentEvent.State;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs SYNC subscribers on the publisher's thread. An event published from inside a SYNC listener is
 * queued and delivered once the current event has reached every subscriber, so that each listener sees
 * events in publish order (no depth-first reordering). The common case, a publish from outside any
 * listener, allocates nothing here and looks up no thread-local: the publisher passes the thread's
 * {@link State}, which it looked up once. The envelope is made current once for all its subscribers
 * (see {@link Invocation}); a delivery that fails, or returns a stage, becomes a {@link DeliveryTask}
 * whose outcome and retries are the {@link Outcomes}'.
 *
 * <p>A failure of a {@code PROPAGATE} subscriber does not stop the others: every SYNC subscriber of
 * the event, and of the events published meanwhile, still runs; then the dispatch throws the first
 * such failure, with the dispatch's other failures suppressed in it (see {@link SyncFailures}).
 * The outermost SYNC publish on the thread is the one that throws: an event published from inside
 * a listener is delivered after that listener returns.
 */
final class SyncDispatcher {

  /** Stands for null in the queue, which holds no nulls. */
  private static final Object NONE = new Object();

  private static final AtomicInteger IDS = new AtomicInteger();

  /** This dispatcher's number, never 0, which stands for none. */
  private final int id = IDS.incrementAndGet();
  private final Invocation invocation;
  private final Outcomes outcomes;
  /** Runs the retries of SYNC deliveries. */
  private final AsyncDispatcher async;
  /** The bus's history, or null. */
  private final HistoryRecorder history;

  SyncDispatcher(Invocation invocation, Outcomes outcomes, AsyncDispatcher async,
      HistoryRecorder history) {
    this.invocation = invocation;
    this.outcomes = outcomes;
    this.async = async;
    this.history = history;
  }

  /**
   * Delivers to {@code subscribers}; {@code tracker}, if not null, hears of every delivery, and
   * {@code series}, if not null, counts them. {@code state} is the current thread's.
   */
  void dispatch(State state, Envelope<?> envelope, Subscriber[] subscribers,
      DeliveryTracker tracker, Series series) {
    dispatch(state, envelope, subscribers, tracker, series, null);
  }

  /** Whether a SYNC dispatch of this dispatcher is under way on the thread of {@code state}. */
  boolean isDispatching(State state) {
    return state.dispatching == id;
  }

  /**
   * As {@link #dispatch(State, Envelope, Subscriber[], DeliveryTracker, Series)}; when
   * {@code collector} is not null, the outcomes of {@code envelope}'s subscribers go to it
   * instead of being thrown. A collecting dispatch is never nested in one of this dispatcher.
   */
  void dispatch(State state, Envelope<?> envelope, Subscriber[] subscribers,
      DeliveryTracker tracker, Series series, SyncFailures collector) {
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
    SyncFailures outerFailures = state.failures;
    if (outer != 0) {
      state.queue = null;
    }
    if (outerFailures != null || collector != null) {
      state.failures = collector;
    }
    state.dispatching = id;
    SyncFailures failures;
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
      failures = state.failures;
      if (failures != null || outerFailures != null) {
        state.failures = outerFailures;
      }
    }
    if (failures != null) {
      failures.throwIfPropagated();
    }
  }

  /**
   * Delivers with {@code envelope} as the current event (and in the MDC), set once for all its
   * subscribers.
   */
  private void deliverAll(State state, Envelope<?> envelope, Subscriber[] subscribers,
      DeliveryTracker tracker, Series series) {
    Envelope<?> previous = invocation.enter(state, envelope);
    int delivered = 0;
    // The first envelope of each millisecond per series has its deliveries' latency recorded.
    boolean timed = series != null && series.timeSyncEnvelope();
    boolean outerTiming = state.timing; // another bus's delivery under way on this thread
    long outerNanos = state.nanos;
    state.timing = timed;
    if (timed) {
      state.nanos = System.nanoTime();
    }
    SyncFailures collector = state.failures;
    if (collector != null && !collector.collects(envelope)) {
      collector = null;
    }
    try {
      if (tracker == null && collector == null && !timed && series != null) {
        delivered = deliverPlainly(state, envelope, subscribers, series);
        return;
      }
      for (Subscriber subscriber : subscribers) {
        if (subscriber.accepts(envelope)) {
          if (tracker != null) {
            tracker.started();
          }
          if (collector != null && !subscriber.observer) {
            collector.running(subscriber);
          }
          if (deliver(subscriber, envelope, tracker, series, state)) {
            delivered++;
          }
        }
      }
    } finally {
      state.timing = outerTiming;
      state.nanos = outerNanos;
      invocation.exit(state, previous);
      if (delivered > 0) {
        series.countDelivered(state, delivered); // once for all subscribers
      }
    }
  }

  /**
   * The first attempt of a SYNC delivery, with the envelope current; returns true when it succeeded
   * at once and {@code series} has yet to count it (once for all the envelope's subscribers). When
   * {@code thread.timing}, the handler's latency is recorded from {@code thread.nanos} (read just
   * before), and {@code thread.nanos} is left at the clock's reading after it, so that the next
   * timed delivery starts from there: one clock read per delivery, not two.
   */
  private boolean deliver(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
      Series series, State thread) {
    boolean timed = thread.timing;
    CompletionStage<?> stage;
    try {
      stage = Invocation.invoke(subscriber, envelope);
    } catch (Throwable error) {
      Invocation.rethrowIfFatal(error);
      if (timed) {
        series.latency.record(System.nanoTime() - thread.nanos);
      }
      failed(subscriber, envelope, tracker, series, thread, error);
      if (timed) {
        thread.nanos = System.nanoTime(); // failure handling is nobody's latency
      }
      return false;
    }
    if (timed) {
      long end = System.nanoTime();
      series.latency.record(end - thread.nanos);
      thread.nanos = end;
    }
    if (stage != null) {
      pending(subscriber, envelope, tracker, series, thread, stage);
      if (timed) {
        thread.nanos = System.nanoTime();
      }
      return false;
    }
    if (tracker != null || series == null) {
      outcomes.deliveredSync(subscriber, tracker, series);
      return false;
    }
    subscriber.onceDone();
    return true;
  }

  /**
   * {@link #deliverAll}'s common case, kept small for the JIT: nothing to track, time or collect.
   * Returns how many deliveries succeeded at once; the others are settled as {@link #deliver}
   * settles them.
   */
  private int deliverPlainly(State state, Envelope<?> envelope, Subscriber[] subscribers,
      Series series) {
    int delivered = 0;
    for (Subscriber subscriber : subscribers) {
      if (subscriber.accepts(envelope)) {
        CompletionStage<?> stage;
        try {
          stage = subscriber.invoker.invoke(envelope);
        } catch (Throwable error) {
          Invocation.rethrowIfFatal(error);
          failed(subscriber, envelope, null, series, state, error);
          continue;
        }
        if (stage == null) {
          subscriber.onceDone();
          delivered++;
        } else {
          pending(subscriber, envelope, null, series, state,
              Invocation.bounded(stage, subscriber.timeout));
        }
      }
    }
    return delivered;
  }

  /** The listener returned a stage: its completion decides the delivery's outcome. */
  private void pending(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
      Series series, State thread, CompletionStage<?> stage) {
    if (thread.failures != null && thread.failures.collects(envelope) && !subscriber.observer) {
      thread.failures.pending(subscriber);
    }
    DeliveryTask task = task(subscriber, envelope, tracker, series);
    stage.whenComplete((ignored, error) -> {
      if (error != null) {
        outcomes.failed(task, Invocation.unwrap(error));
      } else {
        outcomes.deliveredSync(subscriber, tracker, series);
      }
    });
  }

  /**
   * The first attempt failed: the failure policy decides what follows, and the dispatch's
   * {@link SyncFailures} hear of it (a PROPAGATE failure is thrown once the dispatch is over). An
   * envelope a transport handed in has nobody to throw to: its tracker hears of every failure.
   */
  private void failed(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
      Series series, State thread, Throwable error) {
    DeliveryTask task = task(subscriber, envelope, tracker, series);
    SyncFailures failures = thread.failures;
    if (tracker == null && subscriber.onFailure == FailurePolicy.PROPAGATE) {
      outcomes.settledByCaller(task, error);
    } else {
      outcomes.failed(task, error);
    }
    if (tracker == null) {
      if (failures == null) {
        failures = SyncFailures.failing();
        thread.failures = failures;
      }
      failures.failed(subscriber, envelope, error);
    }
  }

  /** A SYNC delivery whose first attempt failed, or has yet to complete, becomes a task. */
  private DeliveryTask task(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
      Series series) {
    DeliveryTask task = new DeliveryTask(subscriber, envelope, tracker);
    task.attempts = 1;
    task.series = series;
    task.tracked = history != null ? history.find(envelope) : null;
    task.dispatcher = async; // for its retries
    return task;
  }
}
