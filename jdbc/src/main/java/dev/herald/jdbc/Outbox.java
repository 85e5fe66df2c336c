package dev.herald.jdbc;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.IdGenerator;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.internal.TimeOrderedIds;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.store.StoreException;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The transactional outbox: events written to a table in the caller's own database transaction,
 * then relayed to the bus (or a transport) after the commit. A rollback means the event never
 * happened; a commit means it is delivered at least once, also when the process dies right after.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder(dataSource, bus).build();   // creates the table, starts the relay
 * ...
 * connection.setAutoCommit(false);
 * insertTask(connection, task);
 * outbox.publish(connection, new TaskCreated(task.id(), task.title()));
 * connection.commit();                                       // the task and its event, or neither
 * }</pre>
 *
 * <p>The relay runs on a thread of its own. It wakes at once when an entry was committed through
 * {@link OutboxTransactions} (a framework's transaction manager), polls every few milliseconds for
 * a moment after {@link #publish(Connection, Record)} (whose commit it cannot see), and otherwise
 * every {@linkplain Builder#pollInterval poll interval}: entries committed before a crash, or by
 * another instance, are found there. Several instances may share one outbox table: each claims
 * entries under a lease ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL, the file's write lock on
 * SQLite), so an entry is delivered by one of them, and again only when a lease ran out before
 * completion. Listeners should therefore be idempotent
 * (the event id is stable across redeliveries).
 *
 * <p>A delivery that throws is retried with the {@linkplain Builder#retry retry policy}'s backoff;
 * after its last attempt the entry is marked {@code FAILED} and dead-lettered to the bus's
 * dead-letter store. {@link #entries} lists incomplete and failed entries with their attempts, last
 * error and age, {@link #resubmit} makes them pending again, {@link #stats} and {@link #health}
 * feed dashboards and probes.
 */
public final class Outbox implements AutoCloseable {

  private final Settings settings;
  private final EventBus bus;
  private final CloudEvents contracts;
  private final IdGenerator ids;
  private final Clock clock;
  private final OutboxTable table;
  private final OutboxRelay relay;

  private Outbox(Builder builder) {
    this.settings = builder.settings();
    this.bus = builder.bus;
    this.contracts = CloudEvents.of(bus.events());
    this.clock = builder.clock;
    this.ids = builder.ids != null ? builder.ids : new TimeOrderedIds("evt_", clock);
    this.table = new OutboxTable(Database.of(builder.dataSource));
    this.relay = new OutboxRelay(table, settings, contracts, bus.deadLetters(), clock);
  }

  /**
   * Configures an outbox in the database of {@code dataSource} (SQLite or PostgreSQL) whose
   * entries go to {@code bus}: its events' contracts encode them, its local listeners hear them and
   * its dead-letter store receives the failed ones.
   */
  public static Builder builder(DataSource dataSource, EventBus bus) {
    return new Builder(dataSource, bus);
  }

  /**
   * Writes {@code payload} as an outbox entry on {@code connection}, inside the transaction the
   * caller has open there (or committed at once if it is in auto-commit mode). On SQLite, give that
   * connection a busy timeout: the relay writes to the same file.
   *
   * @return the envelope that listeners will receive, with its id
   * @throws IllegalArgumentException if the bus does not know the payload's event
   * @throws StoreException if the insert fails; the caller's transaction should roll back
   */
  public <T extends Record> Envelope<T> publish(Connection connection, T payload) {
    return publish(connection, payload, Metadata.none());
  }

  /** As {@link #publish(Connection, Record)}, with a correlation id, tenant and headers. */
  public <T extends Record> Envelope<T> publish(Connection connection, T payload,
      Metadata metadata) {
    Objects.requireNonNull(connection, "connection");
    Envelope<T> envelope = envelope(payload, metadata);
    boolean autoCommit = write(connection, envelope);
    if (autoCommit) {
      relay.wake();
    } else {
      relay.expect(envelope.id());
    }
    return envelope;
  }

  /**
   * Writes {@code payload} in the transaction that {@code transactions} reports for the calling
   * thread; the relay starts as soon as that transaction commits.
   */
  public <T extends Record> Envelope<T> publish(OutboxTransactions transactions, T payload,
      Metadata metadata) {
    Objects.requireNonNull(transactions, "transactions");
    Envelope<T> envelope = envelope(payload, metadata);
    write(transactions.currentConnection(), envelope);
    transactions.afterCommit(relay::wake);
    return envelope;
  }

  /** Writes {@code payload} in the transaction of the builder's {@link OutboxTransactions}. */
  public <T extends Record> Envelope<T> publish(T payload) {
    if (settings.transactions() == null) {
      throw new IllegalStateException("Outbox.publish(payload) needs the transaction of a"
          + " framework: configure Outbox.builder(...).transactions(...), or pass the"
          + " connection of your transaction with publish(connection, payload)");
    }
    return publish(settings.transactions(), payload, Metadata.none());
  }

  private <T extends Record> Envelope<T> envelope(T payload, Metadata metadata) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) payload.getClass();
    EventKey<T> key = bus.keyOf(type).orElseThrow(() -> new IllegalArgumentException(
        "The outbox cannot publish " + type.getName() + ": bus " + bus.source() + " knows no"
            + " event with that payload. Is the record annotated with @Event, and its catalog"
            + " given to the bus?"));
    return Envelope.builder(key, payload).id(ids.newId()).time(clock.instant())
        .source(bus.source()).correlationId(metadata.correlationId())
        .causationId(metadata.causationId()).tenantId(metadata.tenantId())
        .headers(metadata.headers()).build();
  }

  /** Inserts the entry; returns whether the connection was in auto-commit mode. */
  private <T extends Record> boolean write(Connection connection, Envelope<T> envelope) {
    String json = new String(contracts.toJson(envelope), StandardCharsets.UTF_8);
    String orderingKey = null;
    @SuppressWarnings("unchecked")
    EventKey<T> key = (EventKey<T>) envelope.key();
    if (settings.orderByKey() && key.hasOrderingKey()) {
      orderingKey = envelope.type() + "/" + key.orderingKeyOf(envelope.payload());
    }
    try {
      OutboxTable.insert(connection, envelope.id(), envelope.type(), orderingKey, json,
          envelope.time());
      return connection.getAutoCommit();
    } catch (SQLException e) {
      throw new StoreException("Cannot write outbox entry " + envelope.id() + " ("
          + envelope.type() + ") on the caller's connection: " + e.getMessage()
          + ". Roll the transaction back; nothing was published", e);
    }
  }

  /**
   * Starts the relay thread of an outbox built with {@link Builder#relay(boolean) relay(false)};
   * does nothing if it runs. For a framework that writes entries from the moment the outbox exists
   * but relays them only once its listeners are registered (Spring's context start, say).
   */
  public void startRelay() {
    relay.start();
  }

  /**
   * Runs one relay pass on the calling thread: claims due entries and delivers them. For tests and
   * for callers that built the outbox with {@link Builder#relay(boolean) relay(false)}.
   *
   * @return how many entries were claimed
   */
  public int relayNow() {
    return relay.relayOnce();
  }

  /** The entries matching {@code query}, oldest first, with attempts, last error and age. */
  public List<OutboxEntry> entries(OutboxQuery query) {
    return table.entries(Objects.requireNonNull(query, "query"));
  }

  /**
   * Makes the entries matching {@code query} pending again with their attempts reset, and wakes
   * the relay.
   *
   * @return how many entries were resubmitted
   */
  public int resubmit(OutboxQuery query) {
    int resubmitted = table.resubmit(entries(query), clock.instant());
    relay.wake();
    return resubmitted;
  }

  /** Counts per state and the age of the oldest pending entry (one grouped query). */
  public OutboxStats stats() {
    return table.stats(clock.instant());
  }

  /**
   * {@code DEGRADED} when the oldest pending entry is older than the
   * {@linkplain Builder#healthThreshold threshold} or some entries failed, {@code DOWN} when the
   * database cannot be read, else {@code UP}; with the figures in the reason.
   */
  public Health.Component health() {
    OutboxStats stats;
    try {
      stats = stats();
    } catch (RuntimeException e) {
      return Health.Component.down("The outbox cannot be read: " + e.getMessage());
    }
    String figures = stats.pending() + " pending (oldest " + stats.oldestPending() + "), "
        + stats.failed() + " failed";
    if (stats.oldestPending().compareTo(settings.healthThreshold()) > 0) {
      return Health.Component.degraded(figures + ": the oldest pending entry waits longer than "
          + settings.healthThreshold() + "; is the relay running, and its sink reachable?");
    }
    if (stats.failed() > 0) {
      return Health.Component.degraded(figures + ": list them with"
          + " outbox.entries(OutboxQuery.failed()) and resubmit them once the cause is fixed");
    }
    return Health.Component.up(figures);
  }

  /**
   * Deletes completed (and archived) entries completed more than the retention ago; the relay also
   * does so every {@link Builder#retention sweep interval}.
   *
   * @return how many rows were deleted
   */
  public int sweep() {
    Duration retention = settings.retention() != null ? settings.retention() : Duration.ZERO;
    return table.sweep(clock.instant().minus(retention));
  }

  /**
   * Stops the relay after its current pass (entries it did not complete stay pending, and are
   * relayed on the next start) and closes the outbox's connection. Close it before the bus.
   */
  @Override
  public void close() {
    try {
      if (!relay.stop(Duration.ofSeconds(30))) {
        throw new StoreException("The outbox relay on " + table.description()
            + " did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      table.close();
    }
  }

  @Override
  public String toString() {
    return "Outbox[" + table.description() + ", instance " + settings.instance() + "]";
  }

  /** What the relay works with; see the builder's methods. */
  record Settings(String instance, OutboxSink sink, RetryPolicy retry, int batchSize,
      Duration pollInterval, Duration lease, OutboxCompletion completion, Duration retention,
      Duration sweepInterval, boolean orderByKey, Duration healthThreshold,
      OutboxTransactions transactions) {}

  /** Configures an {@link Outbox}; every option has a default. */
  public static final class Builder {
    private final DataSource dataSource;
    private final EventBus bus;
    private String instance = UUID.randomUUID().toString();
    private OutboxSink sink;
    private RetryPolicy retry = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(5),
        0.5);
    private int batchSize = 100;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration lease = Duration.ofSeconds(60);
    private OutboxCompletion completion = OutboxCompletion.MARK;
    private Duration retention = Duration.ofDays(7);
    private Duration sweepInterval = Duration.ofMinutes(10);
    private boolean orderByKey;
    private Duration healthThreshold = Duration.ofMinutes(5);
    private OutboxTransactions transactions;
    private boolean startRelay = true;
    private Clock clock = Clock.systemUTC();
    private IdGenerator ids;

    private Builder(DataSource dataSource, EventBus bus) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** This instance's name in the leases it takes; a random UUID by default. */
    public Builder instance(String name) {
      this.instance = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Where entries go; the bus's local listeners ({@link OutboxSink#bus}) by default. */
    public Builder sink(OutboxSink target) {
      this.sink = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Attempts and backoff per entry; 10 attempts, 1 s doubling up to 5 min, by default. */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** How many entries one relay pass claims; 100 by default. */
    public Builder batchSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("The outbox's batch size must be at least 1, got "
            + size);
      }
      this.batchSize = size;
      return this;
    }

    /** How often the relay looks for entries it was not told about; 1 s by default. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "poll interval");
      return this;
    }

    /**
     * How long a claim excludes other instances; 60 s by default. An entry whose delivery takes
     * longer may be delivered twice; one whose instance died is relayed again after it.
     */
    public Builder lease(Duration duration) {
      this.lease = positive(duration, "lease");
      return this;
    }

    /** What happens to a delivered entry; {@link OutboxCompletion#MARK} by default. */
    public Builder completion(OutboxCompletion mode) {
      this.completion = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * How long completed and archived entries are kept, and how often the relay sweeps older ones
     * away; 7 days and 10 minutes by default. A null retention keeps them until {@link #sweep}.
     */
    public Builder retention(Duration keep, Duration sweepEvery) {
      this.retention = keep;
      this.sweepInterval = positive(sweepEvery, "sweep interval");
      return this;
    }

    /**
     * Relays the entries of one {@code @OrderingKey} value (per event type) in publish order: an
     * entry waits until the one before it of its key was delivered or failed for good. Entries of
     * other keys go on meanwhile. Off by default.
     */
    public Builder orderByKey(boolean ordered) {
      this.orderByKey = ordered;
      return this;
    }

    /** How old the oldest pending entry may be before {@link #health} is degraded; 5 minutes. */
    public Builder healthThreshold(Duration threshold) {
      this.healthThreshold = positive(threshold, "health threshold");
      return this;
    }

    /** The transactions {@link Outbox#publish(Record)} joins. */
    public Builder transactions(OutboxTransactions source) {
      this.transactions = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Whether to start the relay thread; true by default. */
    public Builder relay(boolean start) {
      this.startRelay = start;
      return this;
    }

    /** The clock of publish times, attempts and leases; UTC system time by default. */
    public Builder clock(Clock source) {
      this.clock = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Makes event ids; time-ordered {@code evt_} ids by default. */
    public Builder ids(IdGenerator generator) {
      this.ids = Objects.requireNonNull(generator, "generator");
      return this;
    }

    /** Creates the outbox's tables if needed and starts the relay (unless told otherwise). */
    public Outbox build() {
      Outbox outbox = new Outbox(this);
      if (startRelay) {
        outbox.relay.start();
      }
      return outbox;
    }

    private Settings settings() {
      return new Settings(instance, sink != null ? sink : OutboxSink.bus(bus), retry, batchSize,
          pollInterval, lease, completion, retention, sweepInterval, orderByKey, healthThreshold,
          transactions);
    }

    private static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("The outbox's " + what + " must be positive, got "
            + duration);
      }
      return duration;
    }
  }
}
