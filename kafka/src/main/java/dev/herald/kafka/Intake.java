package dev.herald.kafka;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.spi.TransportCounters;
import dev.herald.runtime.wire.CloudEvents;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to the bus: decodes each with the bus's contracts, delivers it, has it settled when
 * the bus's outcome arrives, and delivers it again after a backoff when {@link Settlement} says so.
 * A record that is no event of these contracts (not CloudEvents, an unknown type, a newer version,
 * bad data) is poison: no redelivery would help, so it is rejected at once and never blocks its
 * partition.
 */
final class Intake {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);

  private final TransportSettings settings;
  private final CloudEvents wire;
  private final Transport.Inbound inbound;
  private final InFlight inFlight;
  private final Settlement settlement;
  private final ScheduledExecutorService retries;
  private final TransportCounters counters;

  Intake(TransportSettings settings, CloudEvents wire, Transport.Inbound inbound,
      InFlight inFlight, Settlement settlement, ScheduledExecutorService retries,
      TransportCounters counters) {
    this.settings = settings;
    this.wire = wire;
    this.inbound = inbound;
    this.inFlight = inFlight;
    this.settlement = settlement;
    this.retries = retries;
    this.counters = counters;
  }

  /** Delivers {@code record}, tracked as {@code pending}, or rejects it if it is poison. */
  void deliver(ConsumerRecord<byte[], byte[]> record, PartitionLedger.Pending pending) {
    inFlight.begin();
    Envelope<?> envelope;
    try {
      envelope = RecordCodec.fromRecord(record, wire);
    } catch (EventDecodingException e) {
      settlement.reject(record, pending, e.getMessage());
      return;
    } catch (RuntimeException e) {
      settlement.reject(record, pending, "cannot decode: " + e);
      return;
    }
    attempt(record, envelope, pending, 1);
  }

  private void attempt(ConsumerRecord<byte[], byte[]> record, Envelope<?> envelope,
      PartitionLedger.Pending pending, int delivery) {
    counters.delivered(delivery);
    inbound.deliverSafely(envelope).whenComplete((result, error) -> {
      try {
        Settlement.Verdict verdict =
            settlement.settle(record, envelope, pending, delivery, result, error);
        if (verdict == Settlement.Verdict.REDELIVER) {
          retries.schedule(() -> attempt(record, envelope, pending, delivery + 1),
              settings.retryDelay(delivery).toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (RejectedExecutionException e) {
        log.warn("KafkaTransport is closing: {} {} ({}-{}@{}) stays uncommitted and is delivered"
            + " again", envelope.type(), envelope.id(), record.topic(), record.partition(),
            record.offset());
        inFlight.end();
      } catch (RuntimeException e) {
        log.error("KafkaTransport could not settle {} {} ({}-{}@{}); it stays uncommitted and is"
            + " delivered again", envelope.type(), envelope.id(), record.topic(),
            record.partition(), record.offset(), e);
        inFlight.end();
      }
    });
  }
}
