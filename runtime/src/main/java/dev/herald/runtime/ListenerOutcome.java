package dev.herald.runtime;

import java.util.Objects;

/**
 * What one SYNC subscriber made of an event published with
 * {@link EventBus#publishAndCollect(Record, Metadata)}.
 *
 * @param subscriber the subscriber's name, as logs and dead letters show it
 * @param status how its first attempt ended
 * @param failure what it threw (or its stage failed with at once), for {@link Status#FAILED} only
 */
public record ListenerOutcome(String subscriber, Status status, Throwable failure) {

  /** How a SYNC subscriber's first attempt ended. */
  public enum Status {
    /** It returned normally (or with a stage already completed normally). */
    SUCCEEDED,
    /**
     * It threw. What follows is its failure policy's: retries and a dead letter by default, nothing
     * more for {@code PROPAGATE} (the caller has the failure here) and {@code LOG}.
     */
    FAILED,
    /**
     * It returned a {@code CompletionStage} not yet complete: its outcome comes later, and its
     * failure policy handles a failure.
     */
    PENDING
  }

  public ListenerOutcome {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(status, "status");
    if ((status == Status.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("A failure goes with FAILED and only with it: " + status
          + ", " + failure);
    }
  }

  /** Whether it failed. */
  public boolean failed() {
    return status == Status.FAILED;
  }
}
