package dev.herald.kafka;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.spi.DeadLetterIds;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.TransportCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a delivered record once the bus's outcome arrives: settled (committable) when
 * every local listener succeeded; delivered again after a backoff when it failed before its last
 * allowed delivery; written to its topic's dead-letter topic with each failure, then settled, when
 * its last allowed delivery ({@code maxDeliveries}) failed too. A record that is no event of the
 * bus's contracts is rejected: written to the dead-letter topic at once, then settled.
 */
final class Settlement {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);

  /** The decision for one outcome; see {@link #verdict}. */
  enum Verdict {
    /** Every listener succeeded: the record may be committed. */
    SETTLE,
    /** The bus is closing and did not run the record: leave it uncommitted for the group. */
    LEAVE_UNCOMMITTED,
    /** It failed, and may be delivered again: the caller schedules the next delivery. */
    REDELIVER,
    /** Its last allowed delivery failed: dead-letter it, then settle it. */
    DEAD_LETTER
  }

  private final TransportSettings settings;
  private final String group;
  private final DeadLetterTopics deadLetters;
  private final InFlight inFlight;
  private final ScheduledExecutorService retries;
  private final TransportCounters counters;

  Settlement(TransportSettings settings, String group, DeadLetterTopics deadLetters,
      InFlight inFlight, ScheduledExecutorService retries, TransportCounters counters) {
    this.settings = settings;
    this.group = group;
    this.deadLetters = deadLetters;
    this.inFlight = inFlight;
    this.retries = retries;
    this.counters = counters;
  }

  /**
   * The decision for delivery number {@code delivery} (from 1) of a record.
   *
   * @param outcome what the bus reported, or null if it failed with {@code error} instead
   */
  static Verdict verdict(DeliveryOutcome outcome, Throwable error, int delivery,
      int maxDeliveries) {
    if (error == null && outcome.succeeded()) {
      return Verdict.SETTLE;
    }
    if (error == null
        && outcome.failures().stream().allMatch(f -> f.reason().equals("SHUTDOWN"))) {
      return Verdict.LEAVE_UNCOMMITTED;
    }
    return delivery < maxDeliveries ? Verdict.REDELIVER : Verdict.DEAD_LETTER;
  }

  /**
   * Settles delivery number {@code delivery} of {@code record}, decoded as {@code envelope}, as far
   * as it can: everything but {@link Verdict#REDELIVER}, which it returns for the caller to do.
   */
  Verdict settle(ConsumerRecord<byte[], byte[]> record, Envelope<?> envelope,
      PartitionLedger.Pending pending, int delivery, DeliveryOutcome outcome, Throwable error) {
    Verdict verdict = verdict(outcome, error, delivery, settings.maxDeliveries);
    switch (verdict) {
      case SETTLE -> done(pending);
      case LEAVE_UNCOMMITTED -> inFlight.end();
      case REDELIVER -> log.warn("KafkaTransport delivery {} of {} of {} {} ({}-{}@{}) failed: {};"
              + " delivering it again in {}", delivery, settings.maxDeliveries, envelope.type(),
          envelope.id(), record.topic(), record.partition(), record.offset(),
          error != null ? error.toString() : outcome.failures(), settings.retryDelay(delivery));
      case DEAD_LETTER -> deadLetter(record, envelope, pending, delivery, outcome, error);
    }
    return verdict;
  }

  /** Moves {@code record}, no event of the bus's contracts, to its dead-letter topic. */
  void reject(ConsumerRecord<byte[], byte[]> record, PartitionLedger.Pending pending,
      String reason) {
    String id = DeadLetterIds.next();
    String topic = TopicLayout.deadLetterTopicOf(record.topic());
    String type = RecordCodec.typeOf(record);
    log.error("KafkaTransport rejected {}-{}@{} for group {} (type {}): {}; moved to {} as {}",
        record.topic(), record.partition(), record.offset(), group, type, reason, topic, id);
    counters.deadLettered();
    write(List.of(LetterHeaders.rejected(topic, id, group, record, type, reason,
        settings.clock.instant())), 0, pending);
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, Envelope<?> envelope,
      PartitionLedger.Pending pending, int delivery, DeliveryOutcome outcome, Throwable error) {
    Instant now = settings.clock.instant();
    String topic = TopicLayout.deadLetterTopicOf(record.topic());
    List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
    if (error != null) {
      letters.add(LetterHeaders.of(topic, new DeadLetter(DeadLetterIds.next(), envelope,
          DeadLetter.NO_SUBSCRIBER, DeadLetter.Reason.FAILED, error.getClass().getName(),
          error.getMessage(), null, delivery, now, now), group, record));
    } else {
      for (DeliveryOutcome.Failure failure : outcome.failures()) {
        letters.add(LetterHeaders.of(topic, new DeadLetter(DeadLetterIds.next(), envelope,
            failure.subscriber(), reasonOf(failure), failure.errorType(),
            failure.message() + " (delivery " + delivery + " of " + settings.maxDeliveries + ")",
            null, failure.attempts(), now, now), group, record));
      }
    }
    log.error("KafkaTransport dead-lettered {} {} ({}-{}@{}) for group {} to {} after {}"
            + " deliveries: {}", envelope.type(), envelope.id(), record.topic(),
        record.partition(), record.offset(), group, topic, delivery,
        error != null ? error.toString() : outcome.failures());
    counters.deadLettered();
    write(letters, 0, pending);
  }

  /** Writes {@code letters} from {@code index} on, one after the other, then settles. */
  private void write(List<ProducerRecord<byte[], byte[]>> letters, int index,
      PartitionLedger.Pending pending) {
    if (index == letters.size()) {
      done(pending);
      return;
    }
    deadLetters.write(letters.get(index), retries, () -> write(letters, index + 1, pending),
        inFlight::end, 1);
  }

  private void done(PartitionLedger.Pending pending) {
    pending.settle();
    inFlight.end();
  }

  private static DeadLetter.Reason reasonOf(DeliveryOutcome.Failure failure) {
    try {
      return DeadLetter.Reason.valueOf(failure.reason());
    } catch (IllegalArgumentException e) {
      return DeadLetter.Reason.FAILED;
    }
  }
}
