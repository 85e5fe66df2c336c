package dev.herald.sample;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a consumer group's progress on one topic, with an admin client of its own: whether the
 * group has committed every partition up to its end, that is handled (or dead-lettered) every
 * record published so far, whichever instance took each. The Kafka counterpart of
 * {@link GroupProgress}.
 */
final class KafkaGroupLag implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;

  /** Connects, and fails if no broker answers at {@code bootstrapServers}. */
  KafkaGroupLag(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    try {
      admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admin.close();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      admin.close();
      throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
    }
  }

  /** Records of {@code topic} that {@code group} has not committed yet, over all partitions. */
  long lag(String group, String topic) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      long lag = 0;
      for (var end : admin.listOffsets(ends).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        lag += end.getValue().offset() - (at == null ? 0 : at.offset());
      }
      return lag;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not read the lag of group " + group + " on " + topic
          + ": " + e, e);
    }
  }

  /**
   * Waits until the group has no lag on the topic.
   *
   * @return whether it had none within {@code limit}
   */
  boolean awaitNoLag(String group, String topic, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (lag(group, topic) > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50); // polling Kafka; the condition, not the sleep, decides
    }
    return true;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
