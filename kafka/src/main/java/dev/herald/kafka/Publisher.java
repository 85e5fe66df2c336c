package dev.herald.kafka;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.TransportException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends published envelopes to their topics and returns once the broker acknowledged them: with the
 * producer's {@code acks=all}, once every in-sync replica has the record. The producer is
 * idempotent, so its own retries neither duplicate nor reorder records.
 */
final class Publisher {

  private final TransportSettings settings;
  private final Producer<byte[], byte[]> producer;
  private final Topics topics;
  private final RecordCodec codec;
  private volatile boolean closed;

  Publisher(TransportSettings settings, Producer<byte[], byte[]> producer, Topics topics) {
    this.settings = settings;
    this.producer = producer;
    this.topics = topics;
    this.codec = new RecordCodec(settings.encoding);
  }

  void send(Envelope<?> envelope) {
    if (closed) {
      throw new TransportException("KafkaTransport to " + settings.bootstrapServers
          + " is closed; " + envelope.type() + " " + envelope.id() + " was not sent");
    }
    String topic = settings.topicOf(envelope.type());
    topics.ensureEventTopic(topic);
    ProducerRecord<byte[], byte[]> record = codec.toRecord(topic, envelope);
    try {
      producer.send(record).get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new TransportException("Could not publish " + envelope.type() + " " + envelope.id()
          + " to Kafka topic " + topic + " at " + settings.bootstrapServers + ": " + cause
          + ". Check that the brokers are up and reachable (publishTimeout is "
          + settings.publishTimeout + ")", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while publishing " + envelope.type() + " "
          + envelope.id() + " to " + topic, e);
    }
  }

  /** Refuses further envelopes; the transport closes the producer after its last dead letters. */
  void close() {
    closed = true;
  }
}
