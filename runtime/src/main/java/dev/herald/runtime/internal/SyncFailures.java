package dev.herald.runtime.internal;

import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.ListenerOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The failures of one SYNC dispatch on one thread (an event, and the events its listeners published
 * meanwhile, which are delivered after it), made only when something fails or a caller collects
 * outcomes: a SYNC publish that fails nowhere never allocates one.
 *
 * <p>The rule: once the dispatch is over (every SYNC subscriber of every event in it has run), the
 * first failure of a {@link FailurePolicy#PROPAGATE} subscriber is thrown to the caller as it was
 * thrown, with every other failure of the dispatch attached as suppressed. The outcomes of the
 * event a caller {@linkplain #collect collects} are reported to it instead of being thrown;
 * observers (a test recorder) are left out of them.
 */
final class SyncFailures {

  /** The envelope whose outcomes are collected, or null. */
  private Envelope<?> collected;
  private final List<ListenerOutcome> outcomes;
  private Throwable propagated;
  private List<Throwable> others;

  private SyncFailures(List<ListenerOutcome> outcomes) {
    this.outcomes = outcomes;
  }

  /** For a dispatch in which something failed. */
  static SyncFailures failing() {
    return new SyncFailures(List.of());
  }

  /** For a dispatch whose caller wants an envelope's outcomes; see {@link #collect}. */
  static SyncFailures collector() {
    return new SyncFailures(new ArrayList<>());
  }

  /** Collects the outcomes of {@code envelope}, the one a collector's caller published. */
  void collect(Envelope<?> envelope) {
    collected = envelope;
  }

  boolean collects(Envelope<?> envelope) {
    return collected == envelope;
  }

  /** {@code subscriber} is about to run on the collected envelope: it succeeds unless told. */
  void running(Subscriber subscriber) {
    outcomes.add(new ListenerOutcome(subscriber.name, ListenerOutcome.Status.SUCCEEDED, null));
  }

  /** The collected envelope's subscriber that just ran returned a stage. */
  void pending(Subscriber subscriber) {
    outcomes.set(outcomes.size() - 1,
        new ListenerOutcome(subscriber.name, ListenerOutcome.Status.PENDING, null));
  }

  /** {@code subscriber}, which just ran on {@code envelope}, threw {@code error}. */
  void failed(Subscriber subscriber, Envelope<?> envelope, Throwable error) {
    if (envelope == collected && !subscriber.observer) {
      outcomes.set(outcomes.size() - 1,
          new ListenerOutcome(subscriber.name, ListenerOutcome.Status.FAILED, error));
    } else if (subscriber.onFailure == FailurePolicy.PROPAGATE && propagated == null) {
      propagated = error;
    } else {
      if (others == null) {
        others = new ArrayList<>(2);
      }
      others.add(error);
    }
  }

  /** The collected envelope's outcomes, in the order its subscribers ran. */
  List<ListenerOutcome> outcomes() {
    return outcomes;
  }

  /** Throws the first propagated failure, the others suppressed in it, if there is one. */
  void throwIfPropagated() {
    if (propagated == null) {
      return;
    }
    if (others != null) {
      for (Throwable other : others) {
        if (other != propagated) {
          propagated.addSuppressed(other);
        }
      }
    }
    throw SyncFailures.<RuntimeException>sneaky(propagated);
  }

  /** Throws {@code error} as it is, checked or not: the caller asked for the original. */
  @SuppressWarnings("unchecked") // erased: the cast checks nothing, which is the point
  private static <E extends Throwable> E sneaky(Throwable error) throws E {
    throw (E) error;
  }
}
