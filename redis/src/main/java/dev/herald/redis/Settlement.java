package dev.herald.redis;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.spi.DeadLetterIds;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.TransportCounters;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a delivered entry once the bus's outcome arrives: acknowledged when every local
 * subscriber succeeded; left pending when it failed before its last allowed delivery, so that a
 * consumer of the group claims it after {@code claimIdle} and delivers it again; dead-lettered in
 * {@code <namespace>:dead} with each failure and acknowledged, atomically, when its last allowed
 * delivery ({@code maxDeliveries}) failed too. An entry delivered that often without any outcome
 * (its consumers crashed) is dead-lettered when it is next claimed.
 */
final class Settlement {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  /** The decision for one outcome; see {@link #verdict}. */
  enum Verdict {
    /** Every subscriber succeeded: acknowledge the entry. */
    ACKNOWLEDGE,
    /** The bus is closing and did not run the entry: leave it pending for the group. */
    LEAVE_PENDING,
    /** It failed, and may be delivered again: leave it pending, to be claimed after claimIdle. */
    REDELIVER,
    /** Its last allowed delivery failed: dead-letter it, and acknowledge it with the letter. */
    DEAD_LETTER
  }

  private final TransportSettings settings;
  private final String group;
  private final RedisDeadLetterStore deadLetters;
  private final Acknowledgements acks;
  private final TransportCounters counters;

  Settlement(TransportSettings settings, String group, RedisDeadLetterStore deadLetters,
      Acknowledgements acks, TransportCounters counters) {
    this.settings = settings;
    this.group = group;
    this.deadLetters = deadLetters;
    this.acks = acks;
    this.counters = counters;
  }

  /**
   * The decision for delivery number {@code delivery} (from 1) of an entry.
   *
   * @param outcome what the bus reported, or null if it failed with {@code error} instead
   */
  static Verdict verdict(DeliveryOutcome outcome, Throwable error, long delivery,
      int maxDeliveries) {
    if (error == null && outcome.succeeded()) {
      return Verdict.ACKNOWLEDGE;
    }
    if (error == null
        && outcome.failures().stream().allMatch(f -> f.reason().equals("SHUTDOWN"))) {
      return Verdict.LEAVE_PENDING;
    }
    return delivery < maxDeliveries ? Verdict.REDELIVER : Verdict.DEAD_LETTER;
  }

  /** Settles delivery number {@code delivery} of {@code message}, decoded as {@code envelope}. */
  void settle(StreamMessage<String, byte[]> message, Envelope<?> envelope, long delivery,
      DeliveryOutcome outcome, Throwable error) {
    switch (verdict(outcome, error, delivery, settings.maxDeliveries)) {
      case ACKNOWLEDGE -> acks.add(message.getStream(), message.getId());
      case LEAVE_PENDING -> { }
      case REDELIVER -> log.warn("RedisTransport delivery {} of {} of {} {} (entry {} of {})"
              + " failed: {}; it stays pending and is delivered again after {}", delivery,
          settings.maxDeliveries, envelope.type(), envelope.id(), message.getId(),
          message.getStream(), error != null ? error.toString() : outcome.failures(),
          settings.claimIdle);
      case DEAD_LETTER -> deadLetter(message, envelope, delivery, outcome, error);
    }
  }

  private void deadLetter(StreamMessage<String, byte[]> message, Envelope<?> envelope,
      long delivery, DeliveryOutcome outcome, Throwable error) {
    Instant now = settings.clock.instant();
    if (error != null) {
      deadLetters.deadLetter(new DeadLetter(DeadLetterIds.next(), envelope,
          DeadLetter.NO_SUBSCRIBER, DeadLetter.Reason.FAILED, error.getClass().getName(),
          error.getMessage(), null, (int) delivery, now, now), group, message.getStream(),
          message.getId());
    } else {
      // One letter per failed subscriber; the entry is acknowledged with the last of them.
      List<DeliveryOutcome.Failure> failures = outcome.failures();
      for (int i = 0; i < failures.size(); i++) {
        DeliveryOutcome.Failure failure = failures.get(i);
        DeadLetter letter = new DeadLetter(DeadLetterIds.next(), envelope,
            failure.subscriber(), reasonOf(failure), failure.errorType(),
            failure.message() + " (delivery " + delivery + " of " + settings.maxDeliveries + ")",
            null, failure.attempts(), now, now);
        if (i == failures.size() - 1) {
          deadLetters.deadLetter(letter, group, message.getStream(), message.getId());
        } else {
          deadLetters.add(letter, group);
        }
      }
    }
    counters.deadLettered();
    log.error("RedisTransport dead-lettered {} {} (entry {} of {}) for group {} after {}"
            + " deliveries: {}", envelope.type(), envelope.id(), message.getId(),
        message.getStream(), group, delivery,
        error != null ? error.toString() : outcome.failures());
  }

  /**
   * Dead-letters an entry claimed after {@code deliveries} deliveries without an outcome: its
   * consumers crashed or timed out every time.
   */
  void abandoned(StreamMessage<String, byte[]> message, Envelope<?> envelope, long deliveries) {
    Instant now = settings.clock.instant();
    deadLetters.deadLetter(new DeadLetter(DeadLetterIds.next(), envelope,
        DeadLetter.NO_SUBSCRIBER, DeadLetter.Reason.FAILED, null,
        "delivered " + deliveries + " times to group " + group
            + " without an acknowledgement (consumers crashed or timed out); maxDeliveries is "
            + settings.maxDeliveries, null, (int) deliveries, now, now),
        group, message.getStream(), message.getId());
    counters.deadLettered();
    log.error("RedisTransport dead-lettered {} {} (entry {} of {}) for group {}: delivered {} times"
        + " without an acknowledgement", envelope.type(), envelope.id(), message.getId(),
        message.getStream(), group, deliveries);
  }

  private static DeadLetter.Reason reasonOf(DeliveryOutcome.Failure failure) {
    try {
      return DeadLetter.Reason.valueOf(failure.reason());
    } catch (IllegalArgumentException e) {
      return DeadLetter.Reason.FAILED;
    }
  }
}
