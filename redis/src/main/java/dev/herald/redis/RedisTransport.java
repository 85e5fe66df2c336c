package dev.herald.redis;

import static dev.herald.runtime.spi.SettingChecks.requireAtLeast;
import static dev.herald.runtime.spi.SettingChecks.requireMaxInFlight;
import static dev.herald.runtime.spi.SettingChecks.requireNonBlank;
import static dev.herald.runtime.spi.SettingChecks.requirePositive;
import static dev.herald.runtime.spi.SettingChecks.requireRange;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.TransportMetrics;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.spi.DeadLetterScope;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.spi.TransportCounters;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a bus's events between processes on Redis Streams, with Lettuce.
 *
 * <pre>{@code
 * RedisTransport redis = RedisTransport.builder()
 *     .uri("redis://127.0.0.1:6379")
 *     .namespace("hotel")
 *     .carries("task:*", "room:#")           // default: every event outside the herald namespace
 *     .build();
 * EventBus bus = EventBus.builder().source("housekeeping").transport(redis)
 *     .deadLetters(redis.deadLetters()).build();
 * bus.register(new Housekeeping());
 * bus.start();                              // joins group "housekeeping" as consumer "housekeeping-<pid>@<host>"
 * }</pre>
 *
 * <p><b>Publishing</b> appends the envelope's CloudEvents JSON to the stream of its event
 * ({@link StreamLayout}) and returns once Redis replied, trimming the stream by its
 * {@link Retention}. While Redis is away, publishing fails fast or buffers
 * ({@link ConnectionLoss}).
 *
 * <p><b>Consuming</b>: every service is a consumer group (default: the bus's source), every process
 * a consumer in it; a group sees every event of the streams it consumes, its consumers share them,
 * and hand them to the bus in stream order. An entry is acknowledged when every local subscriber
 * succeeded (after the bus's own retries); a failed one is delivered again, by a consumer of the
 * group, after {@link Builder#claimIdle claimIdle}, and dead-lettered after
 * {@link Builder#maxDeliveries maxDeliveries}; entries that are no event of the bus's contracts are
 * dead-lettered at once ({@link RedisDeadLetterStore#rejected()}). Delivery is at least once:
 * subscribers of carried events should be idempotent. The package documentation tells the details.
 *
 * <p><b>Security</b>: the password or ACL user and TLS ({@code rediss://}, or {@link
 * Builder#authentication}, {@link Builder#tls}) go to Lettuce as they are; messages and
 * {@code toString} show scheme, host, port and database only.
 */
public final class RedisTransport implements Transport, ContractsAware {

  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  /** The entry field holding the CloudEvents JSON. */
  public static final String EVENT = "event";
  /** The entry field holding the event name, for people reading the stream with redis-cli. */
  public static final String TYPE = "type";

  private final TransportSettings settings;
  private final Connections connections;
  private final DeadLetterScope letterScope;
  private final RedisDeadLetterStore deadLetters;
  private final Publisher publisher;
  private final TransportCounters counters = new TransportCounters("redis");

  private volatile Membership membership; // null until started
  private ConsumerLoop consumerLoop; // guarded by this; null unless started with streams to read
  private boolean closing; // guarded by this

  private RedisTransport(TransportSettings settings, Connections connections) {
    this.settings = settings;
    this.connections = connections;
    this.letterScope = new DeadLetterScope(settings.group);
    this.deadLetters = new RedisDeadLetterStore(connections, false, settings.namespace,
        letterScope, settings.deadLetterContracts, settings.clock);
    this.publisher = new Publisher(settings, connections);
  }

  /** A builder with every option at its default; only the Redis URI is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean carries(EventKey<?> key) {
    return settings.events.carries(key.name());
  }

  /** The stream an event of this name travels on. */
  public String streamOf(String eventName) {
    return settings.streamOf(eventName);
  }

  /**
   * The streams this transport consumes: empty until {@link #start started} (they follow from the
   * bus's events), and for a {@link Builder#publishOnly() publish-only} transport.
   */
  public List<String> consumedStreams() {
    Membership joined = membership;
    return joined == null ? List.of() : joined.streams();
  }

  /**
   * The consumer group: the one {@link Builder#group configured}, else the bus's source once
   * started; null before then.
   */
  public String group() {
    Membership joined = membership;
    return joined != null ? joined.group() : settings.group;
  }

  /**
   * The consumer name within the group: the one {@link Builder#consumer configured}, else
   * {@code <source>-<pid>@<host>} once started; null before then.
   */
  public String consumer() {
    Membership joined = membership;
    return joined != null ? joined.consumer() : settings.consumer;
  }

  /**
   * Entries received, delivered again, taken over from other consumers and dead-lettered since the
   * transport was built; {@code bus.metrics().transport()} and the Micrometer binder show them.
   */
  @Override
  public TransportMetrics metrics() {
    return counters.snapshot();
  }

  /**
   * The dead letters of this transport's group, in {@code <namespace>:dead}: pass it to
   * {@code EventBus.builder().deadLetters(...)} so that {@code bus.deadLetters()} lists them and
   * {@code bus.replay(letter)} replays them. It shares the transport's connection, and decodes with
   * the contracts of the bus this transport is given to, unless
   * {@link Builder#deadLetterContracts} chose others.
   */
  public RedisDeadLetterStore deadLetters() {
    return deadLetters;
  }

  /** Hands the bus's contracts to {@link #deadLetters()}, unless others were configured. */
  @Override
  public void bindContracts(CloudEvents busContracts) {
    deadLetters.bindContracts(busContracts);
  }

  /** Whether Redis answers, why not, and how many envelopes wait in the publish buffer. */
  public RedisHealth connectionState() {
    return connections.health();
  }

  /**
   * The transport's part of {@code EventBus.health()}: DOWN while Redis does not answer or after
   * close, DEGRADED while buffered envelopes wait to be sent, else UP.
   */
  @Override
  public Health.Component health() {
    RedisHealth state = connections.health();
    String buffered = state.buffered() == 0 ? ""
        : "; " + state.buffered() + " published envelope(s) buffered, not yet in Redis";
    return switch (state.status()) {
      case UP -> state.buffered() == 0
          ? Health.Component.up("Redis answers (" + state.reason() + ")")
          : Health.Component.degraded("Redis answers again" + buffered);
      case DOWN -> Health.Component.down("Redis does not answer since " + state.since() + ": "
          + state.reason() + buffered);
      case CLOSED -> Health.Component.down("The Redis transport is closed" + buffered);
    };
  }

  /** Returns once Redis has the entry; its {@code XADD} goes with the others queued meanwhile. */
  @Override
  public void send(Envelope<?> envelope) {
    publisher.send(envelope);
  }

  /**
   * Sends without waiting for Redis's reply ({@code bus.publishAsync}, {@code bus.publishAll}):
   * {@code XADD}s go pipelined on one connection, written in batches (what was queued while the
   * previous ones awaited Redis's answer), at most {@link Builder#maxPublishesInFlight} at once. The
   * stage completes when Redis has the entry; an envelope published from one thread reaches its
   * stream in the order published while Redis answers. A stage that timed out while its entry was
   * still queued fails, and the entry is never written.
   */
  @Override
  public CompletionStage<Void> sendAsync(Envelope<?> envelope) {
    return publisher.sendAsync(envelope);
  }

  /**
   * Joins the group and starts the consumer thread, if this process consumes any carried event of
   * the bus; only the first call counts.
   */
  @Override
  public synchronized void start(Inbound inbound) {
    if (membership != null || closing) {
      return;
    }
    Membership joined = join(inbound);
    letterScope.join(joined.group());
    membership = joined;
    if (!joined.streams().isEmpty()) {
      InFlight inFlight = new InFlight(settings.maxInFlight);
      Acknowledgements acks = new Acknowledgements(connections, joined.group());
      Settlement settlement =
          new Settlement(settings, joined.group(), deadLetters, acks, counters);
      Intake intake = new Intake(CloudEvents.of(inbound.events()).withLimits(settings.limits),
          joined.group(), inbound, inFlight, settlement, deadLetters, counters);
      consumerLoop = new ConsumerLoop(settings, connections, joined, inFlight, acks, intake,
          new ClaimPass(settings, joined, inFlight, acks, intake, settlement, counters),
          new StaleConsumers(settings, joined));
      consumerLoop.start();
      log.info("RedisTransport consuming {} as {} in group {} at {}", joined.streams(),
          joined.consumer(), joined.group(), connections.where());
      String warning = joined.manyStreamsWarning(!settings.events.isDefault());
      if (warning != null) {
        log.warn(warning);
      }
    } else {
      log.info("RedisTransport publishing only, at {}: {}", connections.where(),
          settings.events.publishOnly()
              ? "publishOnly()" : "none of the bus's events is carried and consumed here");
    }
  }

  private Membership join(Inbound inbound) {
    String group = settings.group != null ? settings.group : inbound.source();
    String consumer = settings.consumer != null ? settings.consumer
        : inbound.source() + "-" + ManagementFactory.getRuntimeMXBean().getName();
    Set<String> streams = new LinkedHashSet<>();
    for (EventKey<?> key : inbound.events()) {
      if (carries(key) && settings.events.consumes(key.name())) {
        streams.add(streamOf(key.name()));
      }
    }
    return new Membership(group, consumer, List.copyOf(streams));
  }

  /** The consumer thread, for tests in this package; null unless started with streams to read. */
  synchronized ConsumerLoop consumerLoop() {
    return consumerLoop;
  }

  /**
   * Stops reading, waits up to {@code closeTimeout} for the deliveries in flight and acknowledges
   * those that succeeded, gives buffered envelopes up to {@code publishTimeout} to reach Redis,
   * leaves the group if this consumer holds nothing pending, and releases the connections.
   */
  @Override
  public void close() {
    ConsumerLoop loop;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      loop = consumerLoop;
    }
    if (loop != null) {
      loop.stop();
    }
    publisher.close();
    if (loop != null && connections.health().isUp()) {
      loop.leaveGroupIfIdle();
    }
    if (connections.health().isUp()) {
      try {
        // Commands are answered in order: once PING is, the acknowledgements before it reached
        // Redis.
        connections.shared().async().ping().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.warn("RedisTransport could not confirm its last acknowledgements: {}", e.toString());
      }
    }
    connections.close();
  }

  @Override
  public String toString() {
    return "RedisTransport[" + settings + "]";
  }

  /** Configures a {@link RedisTransport}; {@link #uri} or {@link #client} is required. */
  public static final class Builder {
    private final TransportSettings settings = new TransportSettings();
    private RedisURI uri;
    private RedisClient client;

    private Builder() {}

    /**
     * Where Redis is, e.g. {@code redis://127.0.0.1:6379}, {@code redis://user:secret@host:6379/0}
     * or {@code rediss://...} for TLS; see Lettuce's {@code RedisURI}.
     */
    public Builder uri(String uri) {
      return uri(RedisURI.create(Objects.requireNonNull(uri, "uri")));
    }

    /** Where Redis is, as a Lettuce {@code RedisURI} (timeouts, credentials, TLS set on it). */
    public Builder uri(RedisURI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /**
     * A Redis ACL user and password (Redis 6+), or {@code null} user for {@code requirepass}; kept
     * in the {@code RedisURI}, never logged.
     */
    public Builder authentication(String username, char[] password) {
      requireUri("authentication");
      RedisURI.Builder with = RedisURI.builder(uri);
      if (username == null) {
        with.withPassword(password);
      } else {
        with.withAuthentication(username, password);
      }
      this.uri = with.build();
      return this;
    }

    /** TLS to Redis, verifying its certificate against the JVM's trust store. */
    public Builder tls(boolean tls) {
      requireUri("tls");
      this.uri = RedisURI.builder(uri).withSsl(tls).build();
      return this;
    }

    /**
     * A client of the caller's (its options, resources, TLS settings), connected with {@code uri}
     * when one is given, else with the URI it was created with. The transport does not shut it
     * down.
     */
    public Builder client(RedisClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Prefix of every key, e.g. {@code hotel}: streams are {@code hotel:stream:...}; default
     * herald.
     */
    public Builder namespace(String namespace) {
      settings.namespace = TransportSettings.requireNamespace(namespace);
      return this;
    }

    /** Which stream each event goes to; default {@link StreamLayout#PER_EVENT_TYPE}. */
    public Builder layout(StreamLayout layout) {
      settings.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /**
     * The events that travel over Redis, as names or patterns ({@code task:*}); the others stay in
     * the process. Default: every event outside Herald's own {@code herald} namespace.
     */
    public Builder carries(String... patterns) {
      settings.events = settings.events.carrying(patterns);
      return this;
    }

    /**
     * Of the carried events, those this process consumes (default all): the transport reads the
     * streams of these, as a consumer of its group. {@code consumes()} with no pattern is
     * {@link #publishOnly()}.
     */
    public Builder consumes(String... patterns) {
      settings.events = settings.events.consuming(patterns);
      return this;
    }

    /**
     * This process only publishes: it joins no group and reads no stream. Without it, a process
     * consumes every carried event in the group named after its source, and acknowledges there the
     * entries nobody here listens to, which another instance of a real consumer of that group
     * would then never see.
     */
    public Builder publishOnly() {
      return consumes();
    }

    /** The consumer group, one per service; default the bus's source. */
    public Builder group(String group) {
      settings.group = requireNonBlank(group, "group name");
      return this;
    }

    /** This process's consumer name in the group; default {@code <source>-<pid>@<host>}. */
    public Builder consumer(String consumer) {
      settings.consumer = requireNonBlank(consumer, "consumer name");
      return this;
    }

    /** Entries per {@code XREADGROUP} and per claim; default 64. */
    public Builder batchSize(int entries) {
      settings.batchSize = requireAtLeast(entries, 1, "batchSize");
      settings.maxInFlight = Math.max(settings.maxInFlight, entries * 2);
      return this;
    }

    /** Entries handed to the bus and not yet settled, at most; default 1024. */
    public Builder maxInFlight(int entries) {
      settings.maxInFlight = requireMaxInFlight(entries, settings.batchSize);
      return this;
    }

    /**
     * Asynchronous publishes ({@code bus.publishAsync}, {@code bus.publishAll}) awaiting Redis's
     * reply, at most; beyond it the publisher waits for room, up to the publish timeout; default
     * 1024.
     */
    public Builder maxPublishesInFlight(int publishes) {
      settings.maxPublishesInFlight =
          requireAtLeast(publishes, 1, "maxPublishesInFlight");
      return this;
    }

    /** How long one {@code XREADGROUP} waits for entries; default 1 second. */
    public Builder blockTime(Duration block) {
      settings.blockTime = requirePositive(block, "blockTime");
      return this;
    }

    /**
     * How long an entry stays pending before a consumer of the group claims it and delivers it
     * again; default 30 seconds. Make it longer than your slowest delivery with its retries, or a
     * slow delivery is claimed and runs twice.
     */
    public Builder claimIdle(Duration idle) {
      settings.claimIdle = requirePositive(idle, "claimIdle");
      return this;
    }

    /** Deliveries of one entry before it is dead-lettered; default 5. */
    public Builder maxDeliveries(int deliveries) {
      settings.maxDeliveries = requireAtLeast(deliveries, 1, "maxDeliveries");
      return this;
    }

    /** How long streams keep entries (trimmed on write); default {@link Retention#none()}. */
    public Builder retention(Retention retention) {
      settings.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /** What {@code publish} does while Redis is away; default {@link ConnectionLoss#failFast()}. */
    public Builder connectionLoss(ConnectionLoss policy) {
      settings.connectionLoss = Objects.requireNonNull(policy, "connectionLoss");
      return this;
    }

    /** How long {@code publish} waits for Redis's reply; default 5 seconds. */
    public Builder publishTimeout(Duration timeout) {
      settings.publishTimeout = requirePositive(timeout, "publishTimeout");
      return this;
    }

    /** How long {@code close} waits for deliveries in progress to settle; default 10 seconds. */
    public Builder closeTimeout(Duration timeout) {
      settings.closeTimeout = requirePositive(timeout, "closeTimeout");
      return this;
    }

    /** Reconnection backoff bounds; default 50 ms to 5 s, exponential with jitter. */
    public Builder reconnectBackoff(Duration min, Duration max) {
      requireRange(min, max, "reconnect");
      settings.reconnectMin = min;
      settings.reconnectMax = max;
      return this;
    }

    /**
     * Where a group this transport creates starts: at the beginning of what the stream retains
     * (true, the default), so that a new service also sees the events published before its first
     * consumer ever started, within the stream's {@link Retention}; or at its end (false), so that
     * it sees only what is published from then on. It applies only when the group is created: an
     * existing group goes on from where it is.
     */
    public Builder startFromEarliest(boolean earliest) {
      settings.startFromEarliest = earliest;
      return this;
    }

    /**
     * How long a consumer of the group may stay idle, holding nothing pending, before the other
     * consumers remove it from the group ({@code XGROUP DELCONSUMER}, logged at INFO); default 1
     * hour. Crashed and replaced processes leave their names behind otherwise. A live consumer
     * removed while quiet loses nothing, and Redis adds it back on its next read.
     */
    public Builder removeIdleConsumersAfter(Duration idle) {
      settings.removeIdleConsumersAfter =
          requirePositive(idle, "removeIdleConsumersAfter");
      return this;
    }

    /** Bounds on received documents; default {@link JsonLimits#defaults()}. */
    public Builder limits(JsonLimits limits) {
      settings.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The contracts the dead-letter store decodes with; default those of the bus the transport is
     * given to.
     */
    public Builder deadLetterContracts(CloudEvents wire) {
      settings.deadLetterContracts = Objects.requireNonNull(wire, "wire");
      return this;
    }

    /** Stamps dead letters and health with the time; default the system clock in UTC. */
    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the transport; it connects on first use, so Redis may still be starting. */
    public RedisTransport build() {
      if (uri == null && client == null) {
        throw new IllegalStateException("RedisTransport needs uri(...) or client(...)");
      }
      settings.where = where();
      return new RedisTransport(settings.copy(), Connections.forTransport(uri, client,
          settings.reconnectMin, settings.reconnectMax, settings.clock));
    }

    @Override
    public String toString() {
      settings.where = where();
      return "RedisTransport.Builder[" + settings + "]";
    }

    private String where() {
      return uri != null ? Connections.describe(uri) : "the caller's RedisClient";
    }

    private void requireUri(String what) {
      if (uri == null) {
        throw new IllegalStateException("Set uri(...) before " + what + "(...)");
      }
    }
  }
}
