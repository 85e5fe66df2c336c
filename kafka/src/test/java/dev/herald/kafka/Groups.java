package dev.herald.kafka;

import dev.herald.testservers.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** What the broker says about consumer groups, for tests: their members and their lag. */
final class Groups {

  private Groups() {}

  /** Waits until {@code group} is stable with {@code members} members, each assigned something. */
  static void awaitStable(Admin admin, String group, int members, Duration timeout) {
    Await.until(() -> {
      ConsumerGroupDescription description = describe(admin, group);
      return description != null && description.groupState() == GroupState.STABLE
          && description.members().size() == members && description.members().stream()
              .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }, timeout, () -> "group " + group + ": " + describe(admin, group));
  }

  /**
   * How many records of {@code topic} {@code group} has not committed: the sum over partitions of
   * the end offset minus the committed one (the whole partition if nothing is committed).
   */
  static long lag(Admin admin, String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(10, TimeUnit.SECONDS).get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      long lag = 0;
      for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        lag += end.getValue().offset() - (at == null ? 0 : at.offset());
      }
      return lag;
    } catch (Exception e) {
      throw new AssertionError("Could not read the lag of " + group + " on " + topic, e);
    }
  }

  /** How many records {@code topic} holds: the sum over its partitions of their end offsets. */
  static long endOffsets(Admin admin, String topic) {
    return lag(admin, "herald-test-no-such-group", topic); // a group that committed nothing
  }

  private static ConsumerGroupDescription describe(Admin admin, String group) {
    try {
      return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }
}
