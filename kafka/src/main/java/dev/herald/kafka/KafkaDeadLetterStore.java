package dev.herald.kafka;

import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.BoundContracts;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.spi.DeadLetterScope;
import dev.herald.runtime.spi.SettingChecks;
import dev.herald.runtime.wire.CloudEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DeadLetterStore} view over the dead-letter topics ({@code <topic>.DLT}) under a topic
 * prefix. A {@link KafkaTransport} writes there the records whose deliveries failed on every
 * attempt and the records it could not decode ({@linkplain #rejected() rejected records}); the bus
 * writes there too when this store is its {@code deadLetters} store; operators list, replay (with
 * {@code bus.replay(letter)}) and purge them, from any process.
 *
 * <p>A dead-letter topic is compacted and keyed by letter id: deleting a letter writes a tombstone
 * of its id, which this view honours at once and compaction eventually removes. A store is scoped
 * to one consumer group (a service) or, from {@link #create}, to none: scoped, it lists the letters
 * of its group only, since only that service's subscribers can replay them. Letters are listed
 * oldest first. Every read scans the dead-letter topics from their beginning: they are meant to
 * stay short.
 *
 * <p>It reads letters with the contracts of the bus it (or its transport) is given to, unless it was
 * created with contracts of its own; used before either, it fails with an
 * {@link IllegalStateException} that says so.
 */
public final class KafkaDeadLetterStore implements DeadLetterStore, ContractsAware {

  private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetterStore.class);

  private final DeadLetterTopics topics;
  private final BoundContracts contracts;
  private final String where;
  private final AutoCloseable[] owned;
  private final DeadLetterScope scope;
  private final AtomicLong skipped = new AtomicLong();

  KafkaDeadLetterStore(DeadLetterTopics topics, String where, DeadLetterScope scope,
      CloudEvents wire, AutoCloseable... owned) {
    this.topics = topics;
    this.where = where;
    this.scope = scope;
    String owner = "KafkaDeadLetterStore at " + where;
    this.contracts = wire == null ? BoundContracts.fromBus(owner) : BoundContracts.fixed(owner, wire);
    this.owned = owned;
  }

  /**
   * A store with clients of its own, unscoped (every group's letters), for the dead-letter topics
   * under {@code topicPrefix} laid out as {@code layout}, reading with the contracts of the bus it
   * is given to. Close it to release its clients.
   */
  public static KafkaDeadLetterStore create(String bootstrapServers, String topicPrefix,
      TopicLayout layout) {
    return open(bootstrapServers, topicPrefix, layout, null, null);
  }

  /**
   * A store with clients of its own, scoped to {@code group} unless it is null, reading with
   * {@code wire}, for example {@code CloudEvents.of(bus.events())}, whatever bus it is given to.
   */
  public static KafkaDeadLetterStore create(String bootstrapServers, String topicPrefix,
      TopicLayout layout, String group, CloudEvents wire) {
    return open(bootstrapServers, topicPrefix, layout, group, Objects.requireNonNull(wire, "wire"));
  }

  private static KafkaDeadLetterStore open(String bootstrapServers, String topicPrefix,
      TopicLayout layout, String group, CloudEvents wire) {
    TransportSettings settings = new TransportSettings();
    settings.bootstrapServers = SettingChecks.requireNonBlank(bootstrapServers, "bootstrapServers");
    settings.topicPrefix = TransportSettings.requireTopicPrefix(topicPrefix);
    settings.layout = Objects.requireNonNull(layout, "layout");
    String clientId = "herald-dead-letters-" + topicPrefix;
    KafkaProducer<byte[], byte[]> producer = Clients.producer(settings, clientId);
    Admin admin = Clients.admin(settings, clientId);
    DeadLetterTopics topics = new DeadLetterTopics(settings, producer, admin,
        new Topics(settings, admin), clientId);
    return new KafkaDeadLetterStore(topics, bootstrapServers, new DeadLetterScope(group), wire,
        producer, admin);
  }

  /** Takes the contracts of the bus this store is given to, unless it was created with its own. */
  @Override
  public void bindContracts(CloudEvents busContracts) {
    contracts.bind(busContracts);
  }

  /** The group this store lists, or null for every group. */
  public String group() {
    return scope.group();
  }

  @Override
  public void add(DeadLetter letter) {
    String topic = topics.topicFor(letter.envelope().type());
    topics.writeNow(LetterHeaders.of(topic, letter, scope.letterGroup(), null),
        "dead-letter " + letter.id());
  }

  @Override
  public List<DeadLetter> list(DeadLetterQuery query) {
    DeadLetterQuery.Page page = query.newPage();
    CloudEvents wire = contracts.get();
    for (ConsumerRecord<byte[], byte[]> record : letterRecords()) {
      DeadLetter letter = letterOf(record, wire);
      if (letter != null && query.matches(letter) && !page.offer(letter)) {
        break;
      }
    }
    return page.letters();
  }

  @Override
  public Optional<DeadLetter> get(String id) {
    CloudEvents wire = contracts.get();
    for (ConsumerRecord<byte[], byte[]> record : letterRecords()) {
      if (id.equals(LetterHeaders.letterId(record))) {
        return Optional.ofNullable(letterOf(record, wire));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean delete(String id) {
    for (ConsumerRecord<byte[], byte[]> record : topics.scan()) {
      if (id.equals(LetterHeaders.letterId(record))) {
        topics.delete(record);
        return true;
      }
    }
    return false;
  }

  @Override
  public int purge(DeadLetterQuery query) {
    CloudEvents wire = contracts.get();
    int purged = 0;
    for (ConsumerRecord<byte[], byte[]> record : letterRecords()) {
      DeadLetter letter = letterOf(record, wire);
      if (letter != null && query.matches(letter)) {
        topics.delete(record);
        purged++;
      }
    }
    return purged;
  }

  @Override
  public long count(DeadLetterQuery query) {
    CloudEvents wire = contracts.get();
    long n = 0;
    for (ConsumerRecord<byte[], byte[]> record : letterRecords()) {
      DeadLetter letter = letterOf(record, wire);
      if (letter != null && query.matches(letter)) {
        n++;
      }
    }
    return n;
  }

  /** The records of this store's group that were no event of its contracts, oldest first. */
  public List<RejectedRecord> rejected() {
    List<RejectedRecord> found = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.scan()) {
      if (LetterHeaders.isRejected(record) && inScope(record)) {
        found.add(LetterHeaders.rejectedRecord(record));
      }
    }
    return found;
  }

  /** Deletes the rejected records of this store's group; returns how many. */
  public int purgeRejected() {
    int purged = 0;
    for (ConsumerRecord<byte[], byte[]> record : topics.scan()) {
      if (LetterHeaders.isRejected(record) && inScope(record)) {
        topics.delete(record);
        purged++;
      }
    }
    return purged;
  }

  /** The live dead-letter records in scope that are letters, not rejected records. */
  private List<ConsumerRecord<byte[], byte[]>> letterRecords() {
    List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.scan()) {
      if (!LetterHeaders.isRejected(record) && inScope(record)) {
        letters.add(record);
      }
    }
    return letters;
  }

  private boolean inScope(ConsumerRecord<byte[], byte[]> record) {
    return scope.includes(LetterHeaders.text(record, LetterHeaders.GROUP));
  }

  /** The letter in {@code record}, or null (logged) if it cannot be read with these contracts. */
  private DeadLetter letterOf(ConsumerRecord<byte[], byte[]> record, CloudEvents wire) {
    try {
      return LetterHeaders.letter(record, wire);
    } catch (RuntimeException e) {
      long count = skipped.incrementAndGet();
      log.error("Skipping dead letter {} ({}-{}@{}): it cannot be read with this service's"
          + " contracts: {}; skipped so far since opened: {} (skippedRows(), health DEGRADED)",
          LetterHeaders.letterId(record), record.topic(), record.partition(), record.offset(),
          e.getMessage(), count);
      return null;
    }
  }

  /**
   * How many records reads have skipped since this store was opened because they could not be
   * read with this service's contracts; each was logged at ERROR with its topic, partition and
   * offset. A record is counted each time a read skips it.
   */
  @Override
  public long skippedRows() {
    return skipped.get();
  }

  /** Releases the clients of a store from {@link #create}; a transport's store shares its own. */
  @Override
  public void close() {
    for (AutoCloseable client : owned) {
      try {
        client.close();
      } catch (Exception e) {
        log.warn("Could not close {} of {}: {}", client, this, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    String group = scope.group();
    return "KafkaDeadLetterStore[" + where + (group == null ? "" : ", group " + group) + "]";
  }
}
