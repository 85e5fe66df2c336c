package dev.herald.runtime.spi;

import dev.herald.runtime.Envelope;
import java.util.List;

/**
 * How a received envelope fared with the subscribers of one bus; see {@link Transport.Inbound}.
 *
 * @param envelope the envelope delivered
 * @param heard how many subscribers took it
 * @param failures the subscribers that failed for good, empty if every one succeeded
 */
public record DeliveryOutcome(Envelope<?> envelope, int heard, List<Failure> failures) {

  public DeliveryOutcome {
    failures = List.copyOf(failures);
  }

  /** Whether every subscriber that heard the envelope succeeded: the transport may acknowledge it. */
  public boolean succeeded() {
    return failures.isEmpty();
  }

  /**
   * One subscriber's final failure.
   *
   * @param subscriber the subscriber's name
   * @param reason {@code FAILED}, {@code TIMEOUT}-like errors included; {@code BACKPRESSURE} or
   *     {@code SHUTDOWN} when the bus could not run it
   * @param errorType the error's class name, or null when the bus did not run it
   * @param message the error's message, or null
   * @param attempts attempts made
   */
  public record Failure(String subscriber, String reason, String errorType, String message,
      int attempts) {

    @Override
    public String toString() {
      return subscriber + " " + reason + (errorType == null ? "" : " " + errorType + ": " + message)
          + " after " + attempts + " attempt(s)";
    }
  }
}
