package dev.herald.test;


import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Records every envelope a bus publishes, for tests: query what was published, assert on it, and
 * await asynchronous work without sleeping.
 *
 * <pre>{@code
 * try (EventRecorder recorder = EventRecorder.attach(bus)) {
 *   bus.publish(new TaskCreated("t1", "Towels"));
 *   recorder.assertPublished(EventMap.TASK_CREATED)
 *       .assertNotPublished(EventMap.TASK_DONE);
 *   TaskAssigned assigned = recorder.await(EventMap.TASK_ASSIGNED, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>The recorder is a SYNC subscription to {@code "#"} (or the pattern given to
 * {@link #attach(EventBus, String)}) with the highest priority, so it records every event in
 * publish order, before other SYNC listeners run, including the bus's own {@code herald:} events
 * and events published from listeners on any thread. It subscribes as an
 * {@linkplain dev.herald.runtime.SubscribeOptions#observer() observer}, so it changes nothing about
 * the bus it records: a {@code critical} event that only the recorder hears is still dead-lettered,
 * and the recorder does not count toward listener limits.
 *
 * <p>Failed assertions throw {@link AssertionError}, whose message lists what was published (the
 * payload's {@code toString()}, unless the event's contract says {@code logPayload = false}), so the
 * recorder works with any test framework. Every method is thread-safe.
 */
public final class EventRecorder implements AutoCloseable {

  /** The name of the recorder's subscription, as logs and dead letters show it. */
  public static final String SUBSCRIBER_NAME = "EventRecorder";

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final List<Envelope<?>> recorded = new ArrayList<>();
  /** How many envelopes {@link #clear()} dropped, so that waiters keep their place. */
  private long cleared;
  private final Subscription subscription;

  private EventRecorder(EventBus bus, String pattern) {
    this.subscription = bus.subscribe(pattern, this::record,
        SubscribeOptions.named(SUBSCRIBER_NAME).priority(Integer.MAX_VALUE).observer());
  }

  /** Starts recording every event {@code bus} publishes from now on. */
  public static EventRecorder attach(EventBus bus) {
    return attach(bus, "#");
  }

  /** Starts recording the events whose name matches {@code pattern}, e.g. {@code "task:*"}. */
  public static EventRecorder attach(EventBus bus, String pattern) {
    Objects.requireNonNull(bus, "bus");
    EventNames.requireValidPattern(pattern);
    return new EventRecorder(bus, pattern);
  }

  private void record(Envelope<?> envelope) {
    lock.lock();
    try {
      recorded.add(envelope);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- queries

  /** Every recorded envelope, in the order the recorder heard them. */
  public List<Envelope<?>> envelopes() {
    lock.lock();
    try {
      return List.copyOf(recorded);
    } finally {
      lock.unlock();
    }
  }

  /** The recorded envelopes of one event. */
  public <T extends Record> List<Envelope<T>> envelopes(EventKey<T> key) {
    Objects.requireNonNull(key, "key");
    List<Envelope<T>> matches = new ArrayList<>();
    for (Envelope<?> envelope : envelopes()) {
      if (envelope.key() == key) {
        @SuppressWarnings("unchecked") // an envelope of key carries key's payload type
        Envelope<T> typed = (Envelope<T>) envelope;
        matches.add(typed);
      }
    }
    return matches;
  }

  /** The payloads of one event, in order. */
  public <T extends Record> List<T> payloads(EventKey<T> key) {
    return envelopes(key).stream().map(Envelope::payload).toList();
  }

  /**
   * The payloads that are instances of {@code type}: one event's record, or a sealed interface for
   * all of its events.
   */
  public <T> List<T> payloads(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return envelopes().stream().map(Envelope::payload).filter(type::isInstance).map(type::cast)
        .toList();
  }

  /** The envelopes whose event name matches {@code pattern}, e.g. {@code "task:*"}. */
  public List<Envelope<?>> matching(String pattern) {
    EventNames.requireValidPattern(pattern);
    return envelopes().stream().filter(e -> EventNames.matches(pattern, e.type())).toList();
  }

  /** The envelopes of one flow: those whose correlation id is {@code correlationId}. */
  public List<Envelope<?>> correlatedWith(String correlationId) {
    Objects.requireNonNull(correlationId, "correlationId");
    return envelopes().stream().filter(e -> correlationId.equals(e.correlationId())).toList();
  }

  /** Forgets everything recorded so far; recording goes on. */
  public void clear() {
    lock.lock();
    try {
      cleared += recorded.size();
      recorded.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the recorder still records, that is, it was not closed. */
  public boolean isRecording() {
    return subscription.isActive();
  }

  /** Stops recording; what was recorded stays queryable. Idempotent. */
  @Override
  public void close() {
    subscription.cancel();
    lock.lock();
    try {
      arrived.signalAll(); // waiters need not wait for what can no longer arrive
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- assertions

  /** Asserts that {@code key}'s event was published at least once. */
  public EventRecorder assertPublished(EventKey<?> key) {
    List<Envelope<?>> all = envelopes();
    if (count(all, key) == 0) {
      throw new AssertionError("Expected " + Report.name(key) + " to be published, but it was"
          + " not; " + Report.published(all));
    }
    return this;
  }

  /** Asserts that {@code key}'s event was published at least once with a matching payload. */
  public <T extends Record> EventRecorder assertPublished(
      EventKey<T> key, Predicate<? super T> condition) {
    Objects.requireNonNull(condition, "condition");
    List<Envelope<?>> all = envelopes();
    int published = count(all, key);
    if (matches(all, key, condition).isEmpty()) {
      throw new AssertionError("Expected " + Report.name(key) + " matching the condition to be"
          + " published, but " + (published == 0 ? "none was" : "none of the "
          + published + " published matched") + "; "
          + Report.published(all));
    }
    return this;
  }

  /** Asserts that some event whose name matches {@code pattern} was published. */
  public EventRecorder assertPublished(String pattern) {
    if (matching(pattern).isEmpty()) {
      throw new AssertionError("Expected an event matching \"" + pattern + "\" to be published,"
          + " but none was; " + Report.published(envelopes()));
    }
    return this;
  }

  /** Asserts that {@code key}'s event was published exactly {@code times} times. */
  public EventRecorder assertPublishedTimes(EventKey<?> key, int times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative, got " + times);
    }
    List<Envelope<?>> all = envelopes();
    int published = count(all, key);
    if (published != times) {
      throw new AssertionError("Expected " + Report.name(key) + " to be published "
          + Report.times(times) + ", but it was published " + Report.times(published) + "; "
          + Report.published(all));
    }
    return this;
  }

  /** Asserts that {@code key}'s event was never published. */
  public EventRecorder assertNotPublished(EventKey<?> key) {
    List<Envelope<?>> offending = envelopes().stream().filter(e -> e.key() == key).toList();
    if (!offending.isEmpty()) {
      throw new AssertionError("Expected " + Report.name(key) + " not to be published, but it was"
          + " published " + Report.times(offending.size()) + ":" + Report.list(offending));
    }
    return this;
  }

  /** Asserts that no payload of {@code key}'s event matches {@code condition}. */
  public <T extends Record> EventRecorder assertNotPublished(
      EventKey<T> key, Predicate<? super T> condition) {
    Objects.requireNonNull(condition, "condition");
    List<Envelope<?>> offending = matches(envelopes(), key, condition);
    if (!offending.isEmpty()) {
      throw new AssertionError("Expected no " + Report.name(key) + " matching the condition to be"
          + " published, but " + Report.events(offending.size()) + " matched:"
          + Report.list(offending));
    }
    return this;
  }

  /** Asserts that no event whose name matches {@code pattern} was published. */
  public EventRecorder assertNotPublished(String pattern) {
    List<Envelope<?>> offending = matching(pattern);
    if (!offending.isEmpty()) {
      throw new AssertionError("Expected no event matching \"" + pattern + "\" to be published,"
          + " but " + Report.events(offending.size()) + " matched:" + Report.list(offending));
    }
    return this;
  }

  private static int count(List<Envelope<?>> all, EventKey<?> key) {
    int count = 0;
    for (Envelope<?> envelope : all) {
      if (envelope.key() == key) {
        count++;
      }
    }
    return count;
  }

  private static <T extends Record> List<Envelope<?>> matches(
      List<Envelope<?>> all, EventKey<T> key, Predicate<? super T> condition) {
    return all.stream().filter(e -> e.key() == key && condition.test(key.payloadType().cast(
        e.payload()))).toList();
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Returns the first payload of {@code key}'s event, waiting up to {@code timeout} for one if none
   * was recorded yet.
   *
   * @throws AssertionError if none arrives in time; the message lists what did arrive
   */
  public <T extends Record> T await(EventKey<T> key, Duration timeout) {
    return awaitFirst(key, payload -> true, "", timeout);
  }

  /**
   * Returns the first payload of {@code key}'s event that matches {@code condition}, waiting up to
   * {@code timeout} for one if none was recorded yet. Events recorded before the call count too, so
   * it does not matter whether the event arrives before or after the call.
   *
   * @throws AssertionError if none arrives in time; the message lists what did arrive
   */
  public <T extends Record> T await(
      EventKey<T> key, Predicate<? super T> condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition");
    return awaitFirst(key, condition, " matching the condition", timeout);
  }

  private <T extends Record> T awaitFirst(
      EventKey<T> key, Predicate<? super T> condition, String described, Duration timeout) {
    List<T> found = awaitMatches(key, condition, 1, timeout);
    if (found == null) {
      throw new AssertionError(gaveUp(timeout) + " awaiting "
          + Report.name(key) + described + "; " + Report.published(envelopes()));
    }
    return found.get(0);
  }

  /**
   * Returns the first {@code count} payloads of {@code key}'s event, waiting up to {@code timeout}
   * until that many were recorded.
   *
   * @throws AssertionError if fewer arrive in time; the message lists what did arrive
   */
  public <T extends Record> List<T> awaitCount(EventKey<T> key, int count, Duration timeout) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    List<T> found = awaitMatches(key, payload -> true, count, timeout);
    if (found == null) {
      List<Envelope<?>> all = envelopes();
      throw new AssertionError(gaveUp(timeout) + " awaiting "
          + count + " " + Report.name(key) + " events, but " + count(all, key) + " arrived; "
          + Report.published(all));
    }
    return found;
  }

  private String gaveUp(Duration timeout) {
    return isRecording() ? "Timed out after " + Report.duration(timeout) : "The recorder was closed while";
  }

  /**
   * Waits until {@code count} payloads of {@code key} match, looking at every envelope once, in
   * order; {@code null} if the deadline passes (or the recorder is closed) first.
   */
  private <T extends Record> List<T> awaitMatches(
      EventKey<T> key, Predicate<? super T> condition, int count, Duration timeout) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(timeout, "timeout");
    List<T> found = new ArrayList<>(count);
    long next = 0; // the position of the next envelope to look at, counting cleared ones
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        for (int i = (int) Math.max(0, next - cleared); i < recorded.size(); i++) {
          Envelope<?> envelope = recorded.get(i);
          if (envelope.key() == key) {
            T payload = key.payloadType().cast(envelope.payload());
            if (condition.test(payload) && found.add(payload) && found.size() == count) {
              return found;
            }
          }
        }
        next = cleared + recorded.size();
        if (left <= 0 || !subscription.isActive()) {
          return null;
        }
        left = arrived.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while awaiting " + Report.name(key), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "EventRecorder[" + Report.events(recorded.size()) + (isRecording() ? "" : ", closed")
          + "]";
    } finally {
      lock.unlock();
    }
  }
}
