package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one way the bus calls a listener, for SYNC deliveries, asynchronous attempts and dead-letter
 * replay alike: make the envelope the thread's current event (events the listener publishes inherit
 * from it) and put it into the MDC, call the listener, restore what was current before, and bound
 * the stage the listener returned by its subscriber's timeout. SYNC delivery makes an envelope
 * current once for all of its subscribers ({@link #enter}, {@link #invoke} each, {@link #exit});
 * an asynchronous attempt does the same for its one subscriber, so that a failure is recorded (and
 * logged) while the event is still in the MDC; a replay uses {@link #call}.
 *
 * <p><b>The timeout</b> bounds the {@code CompletionStage} a listener returns, from the moment it
 * returns it, on every path: first attempt, retry and replay. A listener's own call is never
 * abandoned: it runs on a thread the bus cannot take back. SYNC subscriptions take no timeout
 * (the processor and {@link dev.herald.runtime.SubscribeOptions} refuse one), so the stage of a SYNC
 * listener has no limit: the publisher does not wait for it, and its completion decides the
 * delivery's outcome (a failure is retried asynchronously, then dead-lettered like any other).
 */
final class Invocation {

  private final boolean mdc;

  /** @param mdc whether to put the current event into SLF4J's MDC */
  Invocation(boolean mdc) {
    this.mdc = mdc;
  }

  /** Makes {@code envelope} current on this thread; returns what was, for {@link #exit}. */
  Envelope<?> enter(CurrentEvent.State thread, Envelope<?> envelope) {
    Envelope<?> previous = thread.current;
    thread.current = envelope;
    if (mdc) {
      DiagnosticContext.enter(thread, envelope);
    }
    return previous;
  }

  /** Makes {@code previous} current again. */
  void exit(CurrentEvent.State thread, Envelope<?> previous) {
    thread.current = previous;
    if (mdc) {
      DiagnosticContext.restore(thread, previous);
    }
  }

  /**
   * Calls {@code subscriber} with {@code envelope} current on this thread, and restores what was
   * current whatever happens.
   *
   * @return the listener's stage, bounded by the subscriber's timeout, or {@code null} when the
   *     listener finished
   * @throws Throwable whatever the listener threw
   */
  CompletionStage<?> call(CurrentEvent.State thread, Subscriber subscriber, Envelope<?> envelope)
      throws Throwable {
    Envelope<?> previous = enter(thread, envelope);
    try {
      return invoke(subscriber, envelope);
    } finally {
      exit(thread, previous);
    }
  }

  /**
   * Calls {@code subscriber}, with {@code envelope} already current (see {@link #enter}).
   *
   * @return the listener's stage, bounded by the subscriber's timeout, or {@code null}
   * @throws Exception whatever the listener threw
   */
  static CompletionStage<?> invoke(Subscriber subscriber, Envelope<?> envelope) throws Exception {
    CompletionStage<?> stage = subscriber.invoker.invoke(envelope);
    return stage == null ? null : bounded(stage, subscriber.timeout);
  }

  /**
   * {@code stage}, failing with a {@code TimeoutException} if it is not complete within
   * {@code timeout}; {@link Duration#ZERO} means no limit. The listener's own stage is left alone:
   * the limit applies to a copy.
   */
  static CompletionStage<?> bounded(CompletionStage<?> stage, Duration timeout) {
    if (timeout.isZero()) {
      return stage;
    }
    return stage.toCompletableFuture().copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Lets the JVM's fatal errors through: no delivery outcome is recorded for them. */
  static void rethrowIfFatal(Throwable error) {
    if (error instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }

  /** The failure a stage completed with, without the wrappers futures put around it. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
