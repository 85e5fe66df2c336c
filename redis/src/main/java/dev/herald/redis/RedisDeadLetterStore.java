package dev.herald.redis;

import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.BoundContracts;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.spi.DeadLetterIds;
import dev.herald.runtime.spi.DeadLetterScope;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters in a Redis stream, {@code <namespace>:dead}, with a hash
 * {@code <namespace>:dead:ids} from letter id to entry id. A {@link RedisTransport} writes there
 * the deliveries that failed on every attempt and the entries it could not decode
 * ({@linkplain #rejected() rejected entries}); the bus writes there too when this store is its
 * {@code deadLetters} store; operators list, replay (with {@code bus.replay(letter)}) and purge
 * them, from any process.
 *
 * <p>A store is scoped to one consumer group (a service) or, from {@link #create}, to none: scoped,
 * it lists the letters of its group only, since only that service's subscribers can replay them.
 * Letters are listed oldest first. Listing, counting and purging read the whole stream: the
 * dead-letter stream is meant to stay short. It is never trimmed.
 *
 * <p>It reads letters with the contracts of the bus it (or its transport) is given to, unless it
 * was created with contracts of its own; used before either, it fails with an
 * {@link IllegalStateException} that says so.
 *
 * <p>This class is the facade: it scopes, reads and filters letters; {@link LetterFields} turns a
 * letter into the fields of an entry and back, {@link DeadLetterStream} keeps the entries in Redis.
 */
public final class RedisDeadLetterStore implements DeadLetterStore, ContractsAware, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisDeadLetterStore.class);

  private final Connections connections;
  private final boolean ownsConnections;
  private final DeadLetterStream entries;
  private final DeadLetterScope scope;
  private final BoundContracts contracts;
  private final AtomicLong skipped = new AtomicLong();
  private final Clock clock;

  /** @param wire the contracts to read letters with, or null for those of the bus */
  RedisDeadLetterStore(Connections connections, boolean ownsConnections, String namespace,
      DeadLetterScope scope, CloudEvents wire, Clock clock) {
    this.connections = connections;
    this.ownsConnections = ownsConnections;
    this.entries = new DeadLetterStream(connections, namespace);
    this.scope = scope;
    String owner = "RedisDeadLetterStore on " + entries.name() + " at " + connections.where();
    this.contracts = wire == null
        ? BoundContracts.fromBus(owner)
        : BoundContracts.fixed(owner, wire);
    this.clock = clock;
  }

  /**
   * A store on its own connection to {@code uri}, unscoped (every group's letters), reading with
   * the contracts of the bus it is given to ({@code EventBus.builder().deadLetters(store)}). Close
   * it to release the connection.
   */
  public static RedisDeadLetterStore create(RedisURI uri, String namespace) {
    return open(uri, namespace, null, null);
  }

  /**
   * A store on its own connection, scoped to {@code group} unless it is null, reading with
   * {@code wire}, for example {@code CloudEvents.of(bus.events())}, whatever bus it is given to.
   */
  public static RedisDeadLetterStore create(RedisURI uri, String namespace, String group,
      CloudEvents wire) {
    return open(uri, namespace, group, Objects.requireNonNull(wire, "wire"));
  }

  private static RedisDeadLetterStore open(RedisURI uri, String namespace, String group,
      CloudEvents wire) {
    Objects.requireNonNull(uri, "uri");
    String checked = TransportSettings.requireNamespace(namespace);
    RedisClient client = RedisClient.create(uri);
    return new RedisDeadLetterStore(new Connections(client, uri, true, Clock.systemUTC()), true,
        checked, new DeadLetterScope(group), wire, Clock.systemUTC());
  }

  /** Takes the contracts of the bus this store is given to, unless it was created with its own. */
  @Override
  public void bindContracts(CloudEvents busContracts) {
    contracts.bind(busContracts);
  }

  /** The stream the letters are in. */
  public String stream() {
    return entries.name();
  }

  /** The group this store lists, or null for every group. */
  public String group() {
    return scope.group();
  }

  @Override
  public void add(DeadLetter letter) {
    add(letter, scope.letterGroup());
  }

  void add(DeadLetter letter, String group) {
    entries.append(letter.id(), LetterFields.of(letter, group, contracts.get()));
  }

  /** Dead-letters a delivery that failed for good and acknowledges its entry, atomically. */
  void deadLetter(DeadLetter letter, String group, String fromStream, String entry) {
    entries.append(letter.id(), LetterFields.of(letter, group, contracts.get(), fromStream, entry),
        fromStream, group, entry);
  }

  /** Moves an entry that is no event of these contracts here and acknowledges it, atomically. */
  void reject(String group, StreamMessage<String, byte[]> message, String type, String reason) {
    String id = DeadLetterIds.next();
    entries.append(id, LetterFields.rejected(id, group, message, type, reason, clock.instant()),
        message.getStream(), group, message.getId());
  }

  @Override
  public List<DeadLetter> list(DeadLetterQuery query) {
    DeadLetterQuery.Page page = query.newPage();
    scan(letter -> !query.matches(letter) || page.offer(letter));
    return page.letters();
  }

  @Override
  public Optional<DeadLetter> get(String id) {
    CloudEvents wire = contracts.get();
    return entries.find(id).map(message -> letterOf(message, wire));
  }

  @Override
  public boolean delete(String id) {
    return entries.delete(List.of(id)) > 0;
  }

  @Override
  public int purge(DeadLetterQuery query) {
    List<String> ids = new ArrayList<>();
    scan(letter -> {
      if (query.matches(letter)) {
        ids.add(letter.id());
      }
      return true;
    });
    return (int) entries.delete(ids);
  }

  @Override
  public long count(DeadLetterQuery query) {
    long[] n = {0};
    scan(letter -> {
      if (query.matches(letter)) {
        n[0]++;
      }
      return true;
    });
    return n[0];
  }

  /** The entries of this store's group that were no event of its contracts, oldest first. */
  public List<RejectedEntry> rejected() {
    List<RejectedEntry> found = new ArrayList<>();
    entries.scan(message -> {
      Map<String, byte[]> fields = message.getBody();
      if (LetterFields.isRejected(fields) && inScope(fields)) {
        found.add(LetterFields.rejectedEntry(fields));
      }
      return true;
    });
    return found;
  }

  /** Deletes the rejected entries of this store's group; returns how many. */
  public int purgeRejected() {
    return (int) entries.delete(rejected().stream().map(RejectedEntry::id).toList());
  }

  /** Calls {@code visitor} with each readable letter in scope, oldest first, while it says true. */
  private void scan(Predicate<DeadLetter> visitor) {
    CloudEvents wire = contracts.get(); // fails clearly before any bus bound them, letters or not
    entries.scan(message -> {
      Map<String, byte[]> fields = message.getBody();
      if (LetterFields.isRejected(fields) || !inScope(fields)) {
        return true;
      }
      DeadLetter letter = letterOf(message, wire);
      return letter == null || visitor.test(letter);
    });
  }

  private boolean inScope(Map<String, byte[]> fields) {
    return scope.includes(LetterFields.group(fields));
  }

  /** The letter in these fields, or null (a rejected entry, or logged: one that cannot be read). */
  private DeadLetter letterOf(StreamMessage<String, byte[]> message, CloudEvents wire) {
    Map<String, byte[]> fields = message.getBody();
    if (LetterFields.isRejected(fields)) {
      return null;
    }
    try {
      return LetterFields.letter(fields, wire);
    } catch (RuntimeException e) {
      long count = skipped.incrementAndGet();
      log.error("Skipping dead letter {} (entry {} of {}): it cannot be read with this service's"
          + " contracts: {}. Find it with: XRANGE {} {} {}; skipped so far since opened: {}"
          + " (skippedRows(), health DEGRADED)", LetterFields.letterId(fields), message.getId(),
          entries.name(), e.getMessage(), entries.name(), message.getId(), message.getId(), count);
      return null;
    }
  }

  /**
   * How many entries reads have skipped since this store was opened because they could not be
   * read with this service's contracts; each was logged at ERROR with its stream entry id.
   */
  @Override
  public long skippedRows() {
    return skipped.get();
  }

  @Override
  public void close() {
    if (ownsConnections) {
      connections.close();
    }
  }

  @Override
  public String toString() {
    String group = scope.group();
    return "RedisDeadLetterStore[" + entries.name() + " at " + connections.where()
        + (group == null ? "" : ", group " + group) + "]";
  }
}
