package dev.herald.kafka;

import dev.herald.runtime.spi.EventSelection;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link KafkaTransport}'s configuration, filled by its {@link KafkaTransport.Builder} and copied
 * when it builds: the defaults, the rules every value must meet, and the decisions that follow from
 * the values alone (which topic each event takes, how long to wait before a redelivery). Its
 * {@code toString} shows no client property values, which may hold credentials.
 */
final class TransportSettings {

  String bootstrapServers;
  String topicPrefix = "herald";
  TopicLayout layout = TopicLayout.PER_EVENT_TYPE;
  Encoding encoding = Encoding.STRUCTURED;
  EventSelection events = EventSelection.defaults();
  String group;
  String clientId;
  int partitions = 6;
  short replicationFactor = -1; // the broker's default.replication.factor
  boolean createTopics = true;
  int batchSize = 256;
  int maxInFlight = 1024;
  Duration pollTimeout = Duration.ofMillis(100);
  int maxDeliveries = 3;
  Duration retryMin = Duration.ofMillis(200);
  Duration retryMax = Duration.ofSeconds(5);
  Duration publishTimeout = Duration.ofSeconds(10);
  Duration closeTimeout = Duration.ofSeconds(10);
  boolean startFromEarliest = true;
  JsonLimits limits = JsonLimits.defaults();
  /** The dead-letter store's contracts if given explicitly; null: those of the bus. */
  CloudEvents deadLetterContracts;
  Clock clock = Clock.systemUTC();
  /** Client properties set by the user, applied over the transport's own. */
  Map<String, Object> producerProperties = new LinkedHashMap<>();
  Map<String, Object> consumerProperties = new LinkedHashMap<>();

  TransportSettings copy() {
    TransportSettings copy = new TransportSettings();
    copy.bootstrapServers = bootstrapServers;
    copy.topicPrefix = topicPrefix;
    copy.layout = layout;
    copy.encoding = encoding;
    copy.events = events;
    copy.group = group;
    copy.clientId = clientId;
    copy.partitions = partitions;
    copy.replicationFactor = replicationFactor;
    copy.createTopics = createTopics;
    copy.batchSize = batchSize;
    copy.maxInFlight = maxInFlight;
    copy.pollTimeout = pollTimeout;
    copy.maxDeliveries = maxDeliveries;
    copy.retryMin = retryMin;
    copy.retryMax = retryMax;
    copy.publishTimeout = publishTimeout;
    copy.closeTimeout = closeTimeout;
    copy.startFromEarliest = startFromEarliest;
    copy.limits = limits;
    copy.deadLetterContracts = deadLetterContracts;
    copy.clock = clock;
    copy.producerProperties = Map.copyOf(producerProperties);
    copy.consumerProperties = Map.copyOf(consumerProperties);
    return copy;
  }

  String topicOf(String eventName) {
    return layout.topicOf(topicPrefix, eventName);
  }

  /** The delay before redelivery {@code delivery + 1}: doubling from retryMin up to retryMax. */
  Duration retryDelay(int delivery) {
    long millis = retryMin.toMillis() << Math.min(20, Math.max(0, delivery - 1));
    return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
  }

  static String requireTopicPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.length() > 200
        || !prefix.chars().allMatch(TransportSettings::isTopicChar)) {
      throw new IllegalArgumentException("A Kafka topic prefix must be 1 to 200 characters of"
          + " [a-zA-Z0-9._-] (Kafka's topic alphabet), got \"" + prefix + "\"");
    }
    return prefix;
  }

  private static boolean isTopicChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
        || c == '_' || c == '-';
  }

  @Override
  public String toString() {
    return bootstrapServers + ", prefix " + topicPrefix + ", " + layout + ", " + encoding
        + (events.toString().isEmpty() ? "" : ", " + events)
        + (group == null ? "" : ", group " + group)
        + ", batch " + batchSize + ", max in flight " + maxInFlight + ", max deliveries "
        + maxDeliveries + (producerProperties.isEmpty() ? ""
            : ", producer properties " + producerProperties.keySet())
        + (consumerProperties.isEmpty() ? ""
            : ", consumer properties " + consumerProperties.keySet());
  }
}
