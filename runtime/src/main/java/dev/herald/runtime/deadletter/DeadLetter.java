package dev.herald.runtime.deadletter;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.internal.PayloadRenderer;
import dev.herald.runtime.observability.HistoryEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * A delivery that could not be completed: the envelope, who should have handled it, why it failed
 * and how often it was tried. Dead letters wait in a {@link DeadLetterStore} until they are replayed
 * or deleted.
 *
 * @param id the dead letter's own id, {@code dlq_} followed by a time-ordered id
 * @param envelope the event as it was published
 * @param subscriber the name of the subscriber that failed, or {@link #NO_SUBSCRIBER}
 * @param reason why the delivery ended here
 * @param errorType the class of the last error, or {@code null} when there was none
 * @param errorMessage the message of the last error, or {@code null}
 * @param stackTrace the last error's stack trace, bounded in length, or {@code null}
 * @param attempts how many times delivery was attempted
 * @param firstFailure when the first attempt failed
 * @param lastFailure when the last attempt failed
 */
public record DeadLetter(
    String id,
    Envelope<?> envelope,
    String subscriber,
    Reason reason,
    String errorType,
    String errorMessage,
    String stackTrace,
    int attempts,
    Instant firstFailure,
    Instant lastFailure) {

  /** The subscriber name of a critical event that nobody heard. */
  public static final String NO_SUBSCRIBER = "(no subscriber)";

  /** Checks that the id, envelope, subscriber, reason and failure times are present. */
  public DeadLetter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(firstFailure, "firstFailure");
    Objects.requireNonNull(lastFailure, "lastFailure");
  }

  /** Why a delivery became a dead letter. */
  public enum Reason {
    /** The subscriber failed on every attempt. */
    FAILED,
    /** A critical event was published and nobody listens to it. */
    NO_SUBSCRIBER,
    /** The bus's queue was full and its policy says to dead-letter. */
    BACKPRESSURE,
    /** The bus was closed before the delivery could finish. */
    SHUTDOWN
  }

  /**
   * The payload rendered for people, as dead-letter views show it: JSON with {@code @Sensitive}
   * components as {@code "***"}, or {@link HistoryEntry#WITHHELD} for {@code logPayload = false}
   * events. The envelope itself still holds the real payload, for replay.
   */
  public String renderedPayload() {
    return PayloadRenderer.render(envelope);
  }

  /** One line for logs and consoles: never the raw payload, never the stack trace. */
  @Override
  public String toString() {
    return "DeadLetter[" + id + " " + envelope.type() + " " + envelope.id() + " to " + subscriber
        + " " + reason + " after " + attempts + " attempt(s)"
        + (errorType == null ? "" : ": " + errorType + ": " + errorMessage)
        + " payload " + renderedPayload() + "]";
  }
}
