package dev.herald.kafka;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.TransportException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
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
  /** Topics whose partitions all had a leader when first published to. */
  private final Set<String> led = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Publisher(TransportSettings settings, Producer<byte[], byte[]> producer, Topics topics) {
    this.settings = settings;
    this.producer = producer;
    this.topics = topics;
    this.codec = new RecordCodec(settings.encoding);
  }

  void send(Envelope<?> envelope) {
    requireOpen(envelope);
    String topic = settings.topicOf(envelope.type());
    ready(topic);
    ProducerRecord<byte[], byte[]> record = codec.toRecord(topic, envelope);
    try {
      producer.send(record).get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw failure(envelope, topic, e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while publishing " + envelope.type() + " "
          + envelope.id() + " to " + topic, e);
    }
  }

  /**
   * Sends as {@link #send} does without waiting: the producer batches and pipelines records, and
   * bounds those in flight by its {@code buffer.memory} (beyond it, this call waits up to
   * {@code max.block.ms}). The stage completes when the broker acknowledged the record.
   */
  CompletionStage<Void> sendAsync(Envelope<?> envelope) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    String topic = settings.topicOf(envelope.type());
    try {
      requireOpen(envelope);
      ready(topic);
      producer.send(codec.toRecord(topic, envelope), (metadata, error) -> {
        if (error == null) {
          sent.complete(null);
        } else {
          sent.completeExceptionally(failure(envelope, topic, error));
        }
      });
    } catch (TransportException e) {
      sent.completeExceptionally(e);
    } catch (RuntimeException e) {
      sent.completeExceptionally(failure(envelope, topic, e));
    }
    return sent;
  }

  /**
   * Makes sure {@code topic} exists and, the first time, that the producer knows a leader for each
   * of its partitions: a burst of pipelined records to a topic created a moment ago could otherwise
   * reach a partition before its leader serves it, and the idempotent producer's retries of the
   * first batch then collide with the later ones ({@code OUT_OF_ORDER_SEQUENCE_NUMBER}).
   */
  private void ready(String topic) {
    topics.ensureEventTopic(topic);
    if (led.contains(topic)) {
      return;
    }
    long deadline = System.nanoTime() + settings.publishTimeout.toNanos();
    while (producer.partitionsFor(topic).stream().anyMatch(p -> p.leader() == null)) {
      if (System.nanoTime() - deadline > 0) {
        throw new TransportException("Kafka topic " + topic + " at " + settings.bootstrapServers
            + " has partitions without a leader after " + settings.publishTimeout
            + "; check the brokers");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    led.add(topic);
  }

  private void requireOpen(Envelope<?> envelope) {
    if (closed) {
      throw new TransportException("KafkaTransport to " + settings.bootstrapServers
          + " is closed; " + envelope.type() + " " + envelope.id() + " was not sent");
    }
  }

  private TransportException failure(Envelope<?> envelope, String topic, Throwable cause) {
    return new TransportException("Could not publish " + envelope.type() + " " + envelope.id()
        + " to Kafka topic " + topic + " at " + settings.bootstrapServers + ": " + cause
        + ". Check that the brokers are up and reachable (publishTimeout is "
        + settings.publishTimeout + ")", cause);
  }

  /** Refuses further envelopes; the transport closes the producer after its last dead letters. */
  void close() {
    closed = true;
  }
}
