package dev.herald.redis;

import dev.herald.runtime.spi.EventSelection;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link RedisTransport}'s configuration, filled by its {@link RedisTransport.Builder} and copied
 * when it builds: the defaults, the rules every value must meet, and the decisions that follow from
 * the values alone (which stream each event takes, how often to claim). Its
 * {@code toString} shows no credentials.
 */
final class TransportSettings {

  /** Where Redis is, for messages; see {@link Connections#describe}. */
  String where;
  String namespace = "herald";
  StreamLayout layout = StreamLayout.PER_EVENT_TYPE;
  EventSelection events = EventSelection.defaults();
  String group;
  String consumer;
  int batchSize = 64;
  int maxInFlight = 1024;
  int maxPublishesInFlight = 1024;
  Duration blockTime = Duration.ofSeconds(1);
  Duration claimIdle = Duration.ofSeconds(30);
  int maxDeliveries = 5;
  Retention retention = Retention.none();
  ConnectionLoss connectionLoss = ConnectionLoss.failFast();
  Duration publishTimeout = Duration.ofSeconds(5);
  Duration closeTimeout = Duration.ofSeconds(10);
  Duration reconnectMin = Duration.ofMillis(50);
  Duration reconnectMax = Duration.ofSeconds(5);
  boolean startFromEarliest = true;
  Duration removeIdleConsumersAfter = Duration.ofHours(1);
  JsonLimits limits = JsonLimits.defaults();
  /** The dead-letter store's contracts if given explicitly; null: those of the bus. */
  CloudEvents deadLetterContracts;
  Clock clock = Clock.systemUTC();

  TransportSettings copy() {
    TransportSettings copy = new TransportSettings();
    copy.where = where;
    copy.namespace = namespace;
    copy.layout = layout;
    copy.events = events;
    copy.group = group;
    copy.consumer = consumer;
    copy.batchSize = batchSize;
    copy.maxInFlight = maxInFlight;
    copy.maxPublishesInFlight = maxPublishesInFlight;
    copy.blockTime = blockTime;
    copy.claimIdle = claimIdle;
    copy.maxDeliveries = maxDeliveries;
    copy.retention = retention;
    copy.connectionLoss = connectionLoss;
    copy.publishTimeout = publishTimeout;
    copy.closeTimeout = closeTimeout;
    copy.reconnectMin = reconnectMin;
    copy.reconnectMax = reconnectMax;
    copy.startFromEarliest = startFromEarliest;
    copy.removeIdleConsumersAfter = removeIdleConsumersAfter;
    copy.limits = limits;
    copy.deadLetterContracts = deadLetterContracts;
    copy.clock = clock;
    return copy;
  }

  /**
   * How often the consumer looks for consumers to remove: half of
   * {@code removeIdleConsumersAfter}, between 1 s and 1 minute.
   */
  Duration staleConsumerSweepInterval() {
    long half = removeIdleConsumersAfter.toMillis() / 2;
    return Duration.ofMillis(Math.max(1_000, Math.min(half, 60_000)));
  }

  String streamOf(String eventName) {
    return layout.streamOf(namespace, eventName);
  }

  /**
   * How often, at least, the consumer looks for abandoned entries: half of {@code claimIdle},
   * between 100 ms and 5 s. A pass also comes back when the oldest entry it saw pending becomes
   * claimable ({@link ClaimPass}), so an abandoned entry waits about {@code claimIdle}, plus at most
   * one {@code blockTime} read, to be claimed.
   */
  Duration claimInterval() {
    long half = claimIdle.toMillis() / 2;
    return Duration.ofMillis(Math.max(100, Math.min(half, 5_000)));
  }

  static String requireNamespace(String namespace) {
    if (namespace == null || namespace.isBlank()
        || namespace.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("A Redis namespace must be non-blank without whitespace,"
          + " got \"" + namespace + "\"");
    }
    return namespace;
  }

  @Override
  public String toString() {
    return where + ", namespace " + namespace + ", " + layout
        + (events.toString().isEmpty() ? "" : ", " + events)
        + (group == null ? "" : ", group " + group)
        + (consumer == null ? "" : ", consumer " + consumer)
        + ", batch " + batchSize + ", block " + blockTime + ", claim idle " + claimIdle
        + ", max deliveries " + maxDeliveries
        + (startFromEarliest ? ", new groups from the start" : ", new groups from the end")
        + ", retention " + retention + ", on connection loss "
        + connectionLoss;
  }
}
