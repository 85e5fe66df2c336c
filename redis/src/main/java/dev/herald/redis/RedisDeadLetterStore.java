package dev.herald.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.BoundContracts;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
public final class RedisDeadLetterStore implements DeadLetterStore, ContractsAware, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisDeadLetterStore.class);

  static final String LETTER = "letter";
  static final String GROUP = "group";
  static final String SUBSCRIBER = "subscriber";
  static final String REASON = "reason";
  static final String ERROR_TYPE = "errortype";
  static final String ERROR = "error";
  static final String STACK = "stacktrace";
  static final String ATTEMPTS = "attempts";
  static final String FIRST = "first";
  static final String LAST = "last";
  static final String TYPE = "type";
  static final String STREAM = "stream";
  static final String ENTRY = "entry";
  static final String EVENT = "event";
  /** The reason of an entry that was not a decodable event of this service's contracts. */
  static final String REJECTED = "REJECTED";

  private static final int PAGE = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Appends a letter, indexes its id and, if an entry is named, acknowledges it: all or nothing. */
  private static final String ADD = """
      local entry = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 4))
      redis.call('HSET', KEYS[2], ARGV[1], entry)
      if ARGV[3] ~= '' then redis.call('XACK', KEYS[3], ARGV[2], ARGV[3]) end
      return entry
      """;
  private static final String DELETE = """
      local n = 0
      for i, letter in ipairs(ARGV) do
        local entry = redis.call('HGET', KEYS[2], letter)
        if entry then
          n = n + redis.call('XDEL', KEYS[1], entry)
          redis.call('HDEL', KEYS[2], letter)
        end
      end
      return n
      """;

  private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong());

  private final Connections connections;
  private final boolean ownsConnections;
  private final String stream;
  private final String index;
  private volatile String group;
  private final BoundContracts contracts;
  private final Clock clock;

  /** @param wire the contracts to read letters with, or null for those of the bus */
  RedisDeadLetterStore(Connections connections, boolean ownsConnections, String namespace,
      String group, CloudEvents wire, Clock clock) {
    this.connections = connections;
    this.ownsConnections = ownsConnections;
    this.stream = namespace + ":dead";
    this.index = namespace + ":dead:ids";
    this.group = group;
    String owner = "RedisDeadLetterStore on " + stream + " at " + connections.where();
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
        checked, group, wire, Clock.systemUTC());
  }

  /** Takes the contracts of the bus this store is given to, unless it was created with its own. */
  @Override
  public void bindContracts(CloudEvents busContracts) {
    contracts.bind(busContracts);
  }

  /** The stream the letters are in. */
  public String stream() {
    return stream;
  }

  /** The group this store lists, or null for every group. */
  public String group() {
    return group;
  }

  /** Scopes a transport's store to the group it joined, unless one was configured. */
  void scope(String joined) {
    if (group == null) {
      group = joined;
    }
  }

  @Override
  public void add(DeadLetter letter) {
    String scope = group;
    add(letter, scope == null ? "" : scope);
  }

  void add(DeadLetter letter, String group) {
    write(letter.id(), fields(letter, group), null, null, null);
  }

  /** Dead-letters a delivery that failed for good and acknowledges its entry, atomically. */
  void deadLetter(DeadLetter letter, String group, String fromStream, String entry) {
    Map<String, byte[]> fields = fields(letter, group);
    fields.put(STREAM, bytes(fromStream));
    fields.put(ENTRY, bytes(entry));
    write(letter.id(), fields, fromStream, group, entry);
  }

  /** Moves an entry that is no event of these contracts here and acknowledges it, atomically. */
  void reject(String group, StreamMessage<String, byte[]> message, String type, String reason) {
    Instant now = clock.instant();
    String id = newId();
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put(LETTER, bytes(id));
    fields.put(GROUP, bytes(group));
    fields.put(SUBSCRIBER, bytes(DeadLetter.NO_SUBSCRIBER));
    fields.put(REASON, bytes(REJECTED));
    fields.put(ERROR, bytes(reason));
    fields.put(ATTEMPTS, bytes("0"));
    fields.put(FIRST, bytes(now.toString()));
    fields.put(LAST, bytes(now.toString()));
    if (type != null) {
      fields.put(TYPE, bytes(type));
    }
    fields.put(STREAM, bytes(message.getStream()));
    fields.put(ENTRY, bytes(message.getId()));
    byte[] event = message.getBody().get(RedisTransport.EVENT);
    if (event != null) {
      fields.put(EVENT, event);
    } else {
      fields.put(EVENT, bytes(String.valueOf(message.getBody().keySet())));
    }
    write(id, fields, message.getStream(), group, message.getId());
  }

  private Map<String, byte[]> fields(DeadLetter letter, String group) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put(LETTER, bytes(letter.id()));
    fields.put(GROUP, bytes(group));
    fields.put(SUBSCRIBER, bytes(letter.subscriber()));
    fields.put(REASON, bytes(letter.reason().name()));
    if (letter.errorType() != null) {
      fields.put(ERROR_TYPE, bytes(letter.errorType()));
    }
    if (letter.errorMessage() != null) {
      fields.put(ERROR, bytes(letter.errorMessage()));
    }
    if (letter.stackTrace() != null) {
      fields.put(STACK, bytes(letter.stackTrace()));
    }
    fields.put(ATTEMPTS, bytes(Integer.toString(letter.attempts())));
    fields.put(FIRST, bytes(letter.firstFailure().toString()));
    fields.put(LAST, bytes(letter.lastFailure().toString()));
    fields.put(TYPE, bytes(letter.envelope().type()));
    fields.put(EVENT, contracts.get().toJson(letter.envelope()));
    return fields;
  }

  private void write(String letterId, Map<String, byte[]> fields, String ackStream,
      String ackGroup, String ackEntry) {
    List<byte[]> args = new ArrayList<>(3 + fields.size() * 2);
    args.add(bytes(letterId));
    args.add(bytes(ackGroup == null ? "" : ackGroup));
    args.add(bytes(ackEntry == null ? "" : ackEntry));
    fields.forEach((name, value) -> {
      args.add(bytes(name));
      args.add(value);
    });
    String[] keys = {stream, index, ackStream == null ? stream : ackStream};
    await(commands().<byte[]>eval(ADD, ScriptOutputType.VALUE, keys, args.toArray(new byte[0][])),
        "dead-letter " + letterId);
  }

  @Override
  public List<DeadLetter> list(DeadLetterQuery query) {
    List<DeadLetter> page = new ArrayList<>(Math.min(query.limit(), 64));
    int[] skipped = {0};
    scan(letter -> {
      if (!query.matches(letter) || skipped[0]++ < query.offset()) {
        return true;
      }
      page.add(letter);
      return page.size() < query.limit();
    });
    return page;
  }

  @Override
  public Optional<DeadLetter> get(String id) {
    CloudEvents wire = contracts.get();
    byte[] entry = await(commands().hget(index, id), "look up dead letter " + id);
    if (entry == null) {
      return Optional.empty();
    }
    String entryId = new String(entry, UTF_8);
    List<StreamMessage<String, byte[]>> found =
        await(commands().xrange(stream, Range.create(entryId, entryId)), "read dead letter " + id);
    return found.isEmpty() ? Optional.empty() : Optional.ofNullable(letterOf(found.get(0), wire));
  }

  @Override
  public boolean delete(String id) {
    return delete(List.of(id)) > 0;
  }

  private long delete(List<String> ids) {
    long deleted = 0;
    for (int from = 0; from < ids.size(); from += PAGE) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + PAGE));
      Long n = await(commands().<Long>eval(DELETE, ScriptOutputType.INTEGER,
              new String[] {stream, index},
              chunk.stream().map(RedisDeadLetterStore::bytes).toArray(byte[][]::new)),
          "delete dead letters");
      deleted += n == null ? 0 : n;
    }
    return deleted;
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
    return (int) delete(ids);
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
    scanEntries(message -> {
      Map<String, byte[]> body = message.getBody();
      if (REJECTED.equals(text(body, REASON)) && inScope(body)) {
        found.add(new RejectedEntry(text(body, LETTER), text(body, GROUP), text(body, STREAM),
            text(body, ENTRY), text(body, TYPE), text(body, ERROR), body.get(EVENT),
            Instant.parse(text(body, LAST))));
      }
      return true;
    });
    return found;
  }

  /** Deletes the rejected entries of this store's group; returns how many. */
  public int purgeRejected() {
    return (int) delete(rejected().stream().map(RejectedEntry::id).toList());
  }

  /** Calls {@code visitor} with each decodable letter in scope, oldest first, while it says true. */
  private void scan(Predicate<DeadLetter> visitor) {
    CloudEvents wire = contracts.get(); // fails clearly before any bus bound them, letters or not
    scanEntries(message -> {
      Map<String, byte[]> body = message.getBody();
      if (REJECTED.equals(text(body, REASON)) || !inScope(body)) {
        return true;
      }
      DeadLetter letter = letterOf(message, wire);
      return letter == null || visitor.test(letter);
    });
  }

  private void scanEntries(Predicate<StreamMessage<String, byte[]>> visitor) {
    String from = "-";
    while (true) {
      List<StreamMessage<String, byte[]>> chunk = await(commands().xrange(stream,
          Range.create(from, "+"), Limit.from(PAGE)), "read dead letters");
      for (StreamMessage<String, byte[]> message : chunk) {
        if (!visitor.test(message)) {
          return;
        }
      }
      if (chunk.size() < PAGE) {
        return;
      }
      from = "(" + chunk.get(chunk.size() - 1).getId();
    }
  }

  private boolean inScope(Map<String, byte[]> body) {
    return group == null || group.equals(text(body, GROUP));
  }

  private DeadLetter letterOf(StreamMessage<String, byte[]> message, CloudEvents wire) {
    Map<String, byte[]> body = message.getBody();
    if (REJECTED.equals(text(body, REASON))) {
      return null;
    }
    try {
      Envelope<?> envelope = wire.fromJson(body.get(EVENT));
      return new DeadLetter(text(body, LETTER), envelope, text(body, SUBSCRIBER),
          DeadLetter.Reason.valueOf(text(body, REASON)), text(body, ERROR_TYPE), text(body, ERROR),
          text(body, STACK), Integer.parseInt(text(body, ATTEMPTS)), Instant.parse(text(body, FIRST)),
          Instant.parse(text(body, LAST)));
    } catch (RuntimeException e) {
      log.warn("Skipping dead letter {} (entry {} of {}): it cannot be read with this service's"
          + " contracts: {}", text(body, LETTER), message.getId(), stream, e.getMessage());
      return null;
    }
  }

  private RedisAsyncCommands<String, byte[]> commands() {
    return connections.shared().async();
  }

  private <T> T await(io.lettuce.core.RedisFuture<T> future, String what) {
    try {
      T value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      connections.up();
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while trying to " + what + " in " + stream, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      connections.down(String.valueOf(cause));
      throw new TransportException("Could not " + what + " in Redis stream " + stream + " at "
          + connections.where() + ": " + cause, cause);
    }
  }

  static String newId() {
    return "dlq_" + String.format("%012x%08x", System.currentTimeMillis(),
        SEQUENCE.incrementAndGet() & 0xffffffffL);
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(Map<String, byte[]> body, String field) {
    byte[] value = body.get(field);
    return value == null ? null : new String(value, UTF_8);
  }

  @Override
  public void close() {
    if (ownsConnections) {
      connections.close();
    }
  }

  @Override
  public String toString() {
    return "RedisDeadLetterStore[" + stream + " at " + connections.where()
        + (group == null ? "" : ", group " + group) + "]";
  }
}
