package dev.herald.kafka;

import dev.herald.runtime.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of dead letters: writes records to the dead-letter topics ({@code <topic>.DLT})
 * and reads back the live ones (the latest record of each key, unless it is a tombstone). It knows
 * records, not what they mean. Reading scans every dead-letter topic under the prefix from its
 * beginning: dead-letter topics are meant to stay short.
 */
final class DeadLetterTopics {

  private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);
  private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(30);

  private final TransportSettings settings;
  private final Producer<byte[], byte[]> producer;
  private final Admin admin;
  private final Topics topics;
  private final String clientId;
  private volatile boolean closing;

  DeadLetterTopics(TransportSettings settings, Producer<byte[], byte[]> producer, Admin admin,
      Topics topics, String clientId) {
    this.settings = settings;
    this.producer = producer;
    this.admin = admin;
    this.topics = topics;
    this.clientId = clientId;
  }

  /** The dead-letter topic for events of this name. */
  String topicFor(String eventType) {
    String topic = settings.topicOf(eventType);
    topics.ensureEventTopic(topic);
    return TopicLayout.deadLetterTopicOf(topic);
  }

  /** Writes {@code record} and waits for the broker's acknowledgement. */
  void writeNow(ProducerRecord<byte[], byte[]> record, String what) {
    try {
      producer.send(record).get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new TransportException("Could not " + what + " in Kafka topic " + record.topic()
          + " at " + settings.bootstrapServers + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while trying to " + what + " in "
          + record.topic(), e);
    }
  }

  /**
   * Writes {@code record} in the background, retrying with the transport's backoff until the broker
   * has it, then runs {@code onWritten}. If the transport closes first it gives up and runs
   * {@code onGivenUp}: the record it came from was not committed, and is delivered again.
   */
  void write(ProducerRecord<byte[], byte[]> record, ScheduledExecutorService retries,
      Runnable onWritten, Runnable onGivenUp, int attempt) {
    producer.send(record, (metadata, error) -> {
      if (error == null) {
        onWritten.run();
        return;
      }
      if (closing) {
        log.warn("KafkaTransport closed before it could write to {} ({}); the record it came"
            + " from stays uncommitted and is delivered again", record.topic(), error.toString());
        onGivenUp.run();
        return;
      }
      Duration delay = settings.retryDelay(attempt);
      log.warn("KafkaTransport could not write to {} (attempt {}): {}; trying again in {}",
          record.topic(), attempt, error.toString(), delay);
      try {
        retries.schedule(() -> write(record, retries, onWritten, onGivenUp, attempt + 1),
            delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        log.warn("KafkaTransport closed before it could write to {}; the record it came from"
            + " stays uncommitted and is delivered again", record.topic());
        onGivenUp.run();
      }
    });
  }

  /** Stops retrying background writes. */
  void closing() {
    closing = true;
  }

  /**
   * The live records of every dead-letter topic under the prefix, oldest first: for each key the
   * latest record, unless that is a tombstone.
   */
  List<ConsumerRecord<byte[], byte[]>> scan() {
    List<String> names = deadLetterTopicNames();
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, ConsumerRecord<byte[], byte[]>> live = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(settings, null, clientId)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String name : names) {
        for (PartitionInfo info : consumer.partitionsFor(name, SCAN_TIMEOUT)) {
          partitions.add(new TopicPartition(name, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, SCAN_TIMEOUT);
      long deadline = System.nanoTime() + SCAN_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new TransportException("Could not read the dead-letter topics " + names + " at "
              + settings.bootstrapServers + " to their end within " + SCAN_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          String id = LetterHeaders.letterId(record);
          if (id == null) {
            continue;
          }
          if (record.value() == null) {
            live.remove(id);
          } else {
            live.put(id, record);
          }
        }
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new TransportException("Could not read the dead-letter topics " + names + " at "
          + settings.bootstrapServers + ": " + e, e);
    }
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(live.values());
    records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
    return records;
  }

  /** Marks the letter in {@code record} deleted: a tombstone of its key, in its partition. */
  void delete(ConsumerRecord<byte[], byte[]> record) {
    writeNow(new ProducerRecord<>(record.topic(), record.partition(), record.key(), null),
        "delete dead letter " + LetterHeaders.letterId(record));
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private List<String> deadLetterTopicNames() {
    try {
      String prefix = settings.topicPrefix + ".";
      return admin.listTopics().names()
          .get(SCAN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
          .filter(name -> name.startsWith(prefix) && name.endsWith(TopicLayout.DEAD_LETTER_SUFFIX))
          .sorted()
          .toList();
    } catch (ExecutionException | TimeoutException e) {
      throw new TransportException("Could not list the topics at " + settings.bootstrapServers
          + " to find the dead-letter topics: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while listing the dead-letter topics", e);
    }
  }
}
