package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a listener. The Herald processor generates a dispatcher for the enclosing class
 * that calls the method directly: no reflection, no method handles.
 *
 * <p>The method takes exactly one parameter, which selects what it hears:
 * <ul>
 *   <li>an {@link Event @Event} record: that event's payload;
 *   <li>{@code Envelope<E>} of an event record: the payload with its metadata (id, time, correlation…);
 *   <li>a sealed interface whose permitted subtypes are all events (or sealed interfaces of events):
 *       every one of them, either directly or as {@code Envelope<S>};
 *   <li>{@code Envelope<?>} together with {@linkplain #value() patterns}: every event whose name
 *       matches one of them.
 * </ul>
 * <p>A <b>batch listener</b> takes {@code List<E>} or {@code List<Envelope<E>>} of an event
 * record (or sealed interface of events) instead, and declares {@link #batchSize()} and
 * {@link #maxWaitMillis()}: it is called with up to that many events at once, when the batch is
 * full, when the first event in it has waited that long, and when the bus closes. Batches are
 * delivered on the bus's executor ({@link Delivery#ASYNC}, the default for them, or
 * {@link Delivery#ORDERED}: one batch at a time, in publish order); a failing batch is retried as a
 * whole, then each of its events is dead-lettered on its own.
 *
 * <p>It returns {@code void} or a {@code CompletionStage}, whose completion is the delivery's outcome:
 * asynchronous deliveries await it; a SYNC delivery returns to the publisher at once. It is
 * neither {@code private}, {@code static} nor {@code abstract}, and its class is reachable from the
 * generated dispatcher in the same package.
 *
 * <pre>{@code
 * @Subscribe void on(MessageReceived m) { … }
 * @Subscribe(priority = 10) void audit(Envelope<TaskCreated> e) { … }
 * @Subscribe(value = "ai:*", delivery = Delivery.ASYNC, maxAttempts = 5) void ai(Envelope<?> e) { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Subscribe {

  /**
   * Patterns of event names, for an {@code Envelope<?>} parameter only. Segments are separated by
   * {@code :} or {@code .}; {@code *} matches exactly one segment and {@code #} zero or more, so
   * {@code "task:*"} hears {@code task:created} and {@code "#"} hears everything.
   */
  String[] value() default {};

  /** Higher priorities run first; equal priorities run in registration order. */
  int priority() default 0;

  /**
   * On which thread and in which order the method is called; SYNC by default, and ASYNC for a
   * batch listener that leaves it at SYNC (a batch cannot be delivered on a publisher's thread).
   */
  Delivery delivery() default Delivery.SYNC;

  /**
   * How many times a failing delivery is attempted before it goes to the dead-letter store;
   * {@code 0} (the default) takes the bus's default. Must not be negative.
   */
  int maxAttempts() default 0;

  /**
   * The wait before the first retry, in milliseconds, doubled (with jitter) for each further retry;
   * {@code 0} takes the bus's default. Only meaningful with more than one attempt.
   */
  long backoffMillis() default 0;

  /** The upper bound of the wait between retries, in milliseconds; {@code 0} takes the bus's default. */
  long maxBackoffMillis() default 0;

  /**
   * How long the {@code CompletionStage} the method returns may take, in milliseconds, before the
   * attempt counts as failed (on every attempt, and on replay); {@code 0} means no limit. Not
   * allowed with {@link Delivery#SYNC}, which runs on the publisher's thread and cannot be
   * abandoned: the stage of a SYNC listener has no limit.
   */
  long timeoutMillis() default 0;

  /**
   * What becomes of a failed delivery: by default it is retried, then dead-lettered.
   * {@link FailurePolicy#PROPAGATE} is for SYNC listeners returning {@code void} only.
   */
  FailurePolicy onFailure() default FailurePolicy.DEAD_LETTER;

  /**
   * For {@link Delivery#ASYNC} listeners: at most this many of its deliveries in progress at once,
   * each from its first attempt to its outcome (retries included); {@code 0} (the default) for no
   * limit beyond the bus's threads. ORDERED listeners run one delivery per ordering key already.
   */
  int concurrency() default 0;

  /** For a batch listener ({@code List<…>} parameter): the most events in one batch, at least 1. */
  int batchSize() default 0;

  /**
   * For a batch listener: how long, in milliseconds, the first event of a batch that is not full
   * may wait before the batch is delivered anyway; at least 1.
   */
  long maxWaitMillis() default 0;
}
