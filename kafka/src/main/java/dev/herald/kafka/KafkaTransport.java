package dev.herald.kafka;

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
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a bus's events between processes on Apache Kafka, with the official kafka-clients.
 *
 * <pre>{@code
 * KafkaTransport kafka = KafkaTransport.builder()
 *     .bootstrapServers("127.0.0.1:9092")
 *     .topicPrefix("hotel")                  // topics hotel.room.booked, hotel.room.booked.DLT...
 *     .carries("task:*", "room:#")           // default: every event outside the herald namespace
 *     .build();
 * EventBus bus = EventBus.builder().source("housekeeping").transport(kafka)
 *     .deadLetters(kafka.deadLetters()).build();
 * bus.register(new Housekeeping());
 * bus.start();                               // joins consumer group "housekeeping"
 * }</pre>
 *
 * <p><b>Publishing</b> sends the envelope to the topic of its event ({@link TopicLayout}), keyed
 * by its ordering key, as CloudEvents JSON or in the binary binding ({@link Encoding}), and returns
 * once the broker acknowledged it: the producer is idempotent with {@code acks=all}. The record key
 * is the {@code @OrderingKey} value as text, so each key's events share a partition and keep their
 * order; an event without one is keyed by its id, which spreads its type over the partitions and a
 * group's instances (Herald orders such events by type within a process only; declare an ordering
 * key for events whose order matters across processes).
 *
 * <p><b>Consuming</b>: every service is a consumer group (default: the bus's source), every process
 * one consumer in it; a group sees every event of the topics it consumes, its consumers share the
 * partitions. One thread per process polls and hands records to the bus in partition order, with
 * the listeners' delivery modes. A partition's offset is committed only past records whose every
 * local listener succeeded (after the bus's own retries) or that were dead-lettered, so a crash or a
 * rebalance delivers the rest again: delivery is at least once, and listeners of carried events
 * should be idempotent. At {@code maxInFlight} unsettled records the consumer pauses its
 * partitions until half of them settled.
 *
 * <p><b>Failures</b>: a record whose delivery fails is delivered again after a backoff (doubling
 * from {@code retryBackoff}'s minimum), up to {@code maxDeliveries} deliveries, then written to its
 * topic's dead-letter topic ({@code <topic>.DLT}) with the error in headers, and committed. Records
 * that are no event of the bus's contracts (not CloudEvents, an unknown type, a newer version, bad
 * data) go there at once ({@link KafkaDeadLetterStore#rejected()}) and never block their partition.
 * Redeliveries are not ordered against the later records of their key, which were delivered
 * meanwhile; the bus's {@code RetryPolicy} retries a listener in order.
 *
 * <p><b>Security</b>: SASL, TLS and any other client setting go to kafka-clients as they are
 * ({@link Builder#producerProperty}, {@link Builder#consumerProperty}); messages and
 * {@code toString} show the bootstrap servers and property names only.
 */
public final class KafkaTransport implements Transport, ContractsAware {

  private static final Logger log = LoggerFactory.getLogger(KafkaTransport.class);

  private final TransportSettings settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final Topics topics;
  private final DeadLetterTopics deadLetterTopics;
  private final DeadLetterScope letterScope;
  private final KafkaDeadLetterStore deadLetters;
  private final TransportCounters counters = new TransportCounters("kafka");
  private final Publisher publisher;
  private final ScheduledExecutorService retries;

  private volatile String group; // null until started
  private volatile List<String> consumedTopics = List.of();
  private ConsumerLoop consumerLoop; // guarded by this; null unless started with topics to read
  private boolean started; // guarded by this
  private volatile boolean closed;

  private KafkaTransport(TransportSettings settings) {
    this.settings = settings;
    String clientId = clientId("herald");
    this.producer = Clients.producer(settings, clientId);
    this.admin = Clients.admin(settings, clientId);
    this.topics = new Topics(settings, admin);
    this.deadLetterTopics = new DeadLetterTopics(settings, producer, admin, topics, clientId);
    this.letterScope = new DeadLetterScope(settings.group);
    this.deadLetters = new KafkaDeadLetterStore(deadLetterTopics, settings.bootstrapServers,
        letterScope, settings.deadLetterContracts);
    this.publisher = new Publisher(settings, producer, topics);
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "herald-kafka-retry");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.retries = Executors.unconfigurableScheduledExecutorService(executor);
  }

  /** A builder with every option at its default; only the bootstrap servers are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean carries(EventKey<?> key) {
    return settings.events.carries(key.name());
  }

  /** The topic an event of this name travels on. */
  public String topicOf(String eventName) {
    return settings.topicOf(eventName);
  }

  /** The topics this transport consumes, known once started. */
  public List<String> consumedTopics() {
    return consumedTopics;
  }

  /** The consumer group, known once started (the bus's source unless configured). */
  public String group() {
    return group;
  }

  /**
   * The dead letters of this transport's group, in the dead-letter topics under its prefix: pass it
   * to {@code EventBus.builder().deadLetters(...)} so that {@code bus.deadLetters()} lists them and
   * {@code bus.replay(letter)} replays them. It shares the transport's clients, and decodes with
   * the contracts of the bus this transport is given to, unless
   * {@link Builder#deadLetterContracts} chose others.
   */
  public KafkaDeadLetterStore deadLetters() {
    return deadLetters;
  }

  /** Hands the bus's contracts to {@link #deadLetters()}, unless others were configured. */
  @Override
  public void bindContracts(CloudEvents busContracts) {
    deadLetters.bindContracts(busContracts);
  }

  /**
   * The transport's part of {@code EventBus.health()}: DOWN after close or when the consumer
   * thread failed, DEGRADED while polls or commits fail, else UP.
   */
  @Override
  public Health.Component health() {
    if (closed) {
      return Health.Component.down("The Kafka transport is closed");
    }
    ConsumerLoop loop;
    synchronized (this) {
      loop = consumerLoop;
    }
    String problem = loop == null ? null : loop.problem();
    if (problem == null) {
      return Health.Component.up("Kafka at " + settings.bootstrapServers
          + (group == null ? "" : ", group " + group));
    }
    return problem.startsWith("the consumer thread failed")
        ? Health.Component.down(problem)
        : Health.Component.degraded(problem);
  }

  @Override
  public void send(Envelope<?> envelope) {
    publisher.send(envelope);
  }

  /**
   * Records received, delivered again after a failure, and dead-lettered since the transport was
   * built ({@code claimed} stays 0: Kafka reassigns partitions, not records); shown by
   * {@code bus.metrics().transport()} and the Micrometer binder.
   */
  @Override
  public TransportMetrics metrics() {
    return counters.snapshot();
  }

  /**
   * Sends without waiting for the broker ({@code bus.publishAsync}, {@code bus.publishAll}): the
   * producer batches and pipelines the records; the stage completes when the broker acknowledged
   * the record ({@code acks=all}), or fails with a {@code TransportException}.
   */
  @Override
  public CompletionStage<Void> sendAsync(Envelope<?> envelope) {
    return publisher.sendAsync(envelope);
  }

  /**
   * Creates the topics of the bus's carried events (unless {@code createTopics(false)}), joins the
   * group and starts the consumer thread, if this process consumes any carried event of the bus;
   * only the first call counts.
   */
  @Override
  public synchronized void start(Inbound inbound) {
    if (started || closed) {
      return;
    }
    started = true;
    String joined = settings.group != null ? settings.group : inbound.source();
    Set<String> carried = new LinkedHashSet<>();
    Set<String> consumed = new LinkedHashSet<>();
    for (EventKey<?> key : inbound.events()) {
      if (carries(key)) {
        carried.add(topicOf(key.name()));
        if (settings.events.consumes(key.name())) {
          consumed.add(topicOf(key.name()));
        }
      }
    }
    topics.ensure(carried);
    letterScope.join(joined);
    group = joined;
    consumedTopics = List.copyOf(consumed);
    if (!consumed.isEmpty()) {
      InFlight inFlight = new InFlight();
      Settlement settlement = new Settlement(settings, joined, deadLetterTopics, inFlight,
          retries, counters);
      Intake intake = new Intake(settings, CloudEvents.of(inbound.events())
          .withLimits(settings.limits), inbound, inFlight, settlement, retries, counters);
      consumerLoop = new ConsumerLoop(settings,
          Clients.consumer(settings, joined, clientId(joined)), consumedTopics, intake, inFlight,
          "herald-kafka-" + joined);
      consumerLoop.start();
    }
    log.info("KafkaTransport consuming {} in group {} at {}", consumedTopics, joined,
        settings.bootstrapServers);
  }

  /**
   * Stops polling, waits up to {@code closeTimeout} for the deliveries in flight and commits those
   * that settled, leaves the group, and closes the clients. Records that did not settle are
   * delivered again to the group.
   */
  @Override
  public void close() {
    ConsumerLoop loop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      loop = consumerLoop;
    }
    publisher.close();
    if (loop != null) {
      loop.stop();
    }
    deadLetterTopics.closing();
    retries.shutdownNow();
    producer.close(settings.closeTimeout);
    admin.close(settings.closeTimeout);
  }

  @Override
  public String toString() {
    return "KafkaTransport[" + settings + "]";
  }

  private String clientId(String role) {
    return settings.clientId != null ? settings.clientId + "-" + role
        : role + "-" + ManagementFactory.getRuntimeMXBean().getName();
  }

  /** Configures a {@link KafkaTransport}; {@link #bootstrapServers} is required. */
  public static final class Builder {
    private final TransportSettings settings = new TransportSettings();

    private Builder() {}

    /** Where the brokers are, e.g. {@code 127.0.0.1:9092} or {@code k1:9092,k2:9092}. */
    public Builder bootstrapServers(String servers) {
      settings.bootstrapServers = requireNonBlank(servers, "bootstrapServers");
      return this;
    }

    /** The first part of every topic name, e.g. {@code hotel}; default {@code herald}. */
    public Builder topicPrefix(String prefix) {
      settings.topicPrefix = TransportSettings.requireTopicPrefix(prefix);
      return this;
    }

    /** Which topic each event goes to; default {@link TopicLayout#PER_EVENT_TYPE}. */
    public Builder layout(TopicLayout layout) {
      settings.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** How envelopes are written; default {@link Encoding#STRUCTURED}. Either is read. */
    public Builder encoding(Encoding encoding) {
      settings.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * The events that travel over Kafka, as names or patterns ({@code task:*}); the others stay in
     * the process. Default: every event outside Herald's own {@code herald} namespace.
     */
    public Builder carries(String... patterns) {
      settings.events = settings.events.carrying(patterns);
      return this;
    }

    /**
     * Of the carried events, those this process consumes (default all): the transport subscribes
     * to their topics in its group. {@code consumes()} with no pattern: publish only.
     */
    public Builder consumes(String... patterns) {
      settings.events = settings.events.consuming(patterns);
      return this;
    }

    /**
     * This process only publishes: it joins no consumer group and subscribes to no topic. The same
     * as {@code consumes()} with no pattern.
     */
    public Builder publishOnly() {
      return consumes();
    }

    /** The consumer group, one per service; default the bus's source. */
    public Builder group(String group) {
      settings.group = requireNonBlank(group, "group");
      return this;
    }

    /** The clients' {@code client.id} prefix; default the role and {@code <pid>@<host>}. */
    public Builder clientId(String clientId) {
      settings.clientId = requireNonBlank(clientId, "clientId");
      return this;
    }

    /**
     * Whether the transport creates missing topics (event topics with {@code partitions} and
     * {@code replicationFactor}, dead-letter topics compacted with one partition); default true.
     */
    public Builder createTopics(boolean create) {
      settings.createTopics = create;
      return this;
    }

    /** Partitions of the event topics it creates; default 6. */
    public Builder partitions(int partitions) {
      settings.partitions = requireAtLeast(partitions, 1, "partitions");
      return this;
    }

    /** Replication factor of the topics it creates; default the broker's. */
    public Builder replicationFactor(int replicas) {
      settings.replicationFactor =
          (short) requireAtLeast(replicas, 1, "replicationFactor");
      return this;
    }

    /** Records per poll, at most ({@code max.poll.records}); default 256. */
    public Builder batchSize(int records) {
      settings.batchSize = requireAtLeast(records, 1, "batchSize");
      settings.maxInFlight = Math.max(settings.maxInFlight, records * 2);
      return this;
    }

    /**
     * Records handed to the bus and not yet settled at which the consumer pauses its partitions
     * (it resumes at half); default 1024.
     */
    public Builder maxInFlight(int records) {
      settings.maxInFlight = requireMaxInFlight(records, settings.batchSize);
      return this;
    }

    /** How long one poll waits for records; default 100 ms. */
    public Builder pollTimeout(Duration timeout) {
      settings.pollTimeout = requirePositive(timeout, "pollTimeout");
      return this;
    }

    /** Deliveries of one record before it is dead-lettered; default 3. */
    public Builder maxDeliveries(int deliveries) {
      settings.maxDeliveries = requireAtLeast(deliveries, 1, "maxDeliveries");
      return this;
    }

    /**
     * The delay before a failed record is delivered again, doubling from {@code min} per delivery
     * up to {@code max}; default 200 ms to 5 s. Also paces retries of dead-letter writes.
     */
    public Builder retryBackoff(Duration min, Duration max) {
      requireRange(min, max, "retry backoff");
      settings.retryMin = min;
      settings.retryMax = max;
      return this;
    }

    /** How long {@code publish} waits for the broker's acknowledgement; default 10 seconds. */
    public Builder publishTimeout(Duration timeout) {
      settings.publishTimeout = requirePositive(timeout, "publishTimeout");
      return this;
    }

    /**
     * How long {@code close}, and a rebalance, wait for deliveries in progress to settle before
     * committing; default 10 seconds.
     */
    public Builder closeTimeout(Duration timeout) {
      settings.closeTimeout = requirePositive(timeout, "closeTimeout");
      return this;
    }

    /**
     * Where a new group starts: at the beginning of what its topics retain (true, the default:
     * {@code auto.offset.reset=earliest}), so that a new service also sees the events published
     * before its first consumer ever ran, as with the Redis transport; or at their end (false), to
     * see only what is published from then on. A group with committed offsets goes on from them.
     */
    public Builder startFromEarliest(boolean earliest) {
      settings.startFromEarliest = earliest;
      return this;
    }

    /**
     * A kafka-clients producer property ({@code ProducerConfig}), applied over the transport's own
     * ({@code acks=all}, {@code enable.idempotence=true}, {@code linger.ms=1}); for security
     * settings, set it on both clients.
     */
    public Builder producerProperty(String name, Object value) {
      settings.producerProperties.put(requireNonBlank(name, "property name"),
          Objects.requireNonNull(value, name));
      return this;
    }

    /**
     * A kafka-clients consumer property ({@code ConsumerConfig}), applied over the transport's
     * own, e.g. {@code session.timeout.ms}; auto-commit stays off. The admin client takes those of
     * them it knows.
     */
    public Builder consumerProperty(String name, Object value) {
      settings.consumerProperties.put(requireNonBlank(name, "property name"),
          Objects.requireNonNull(value, name));
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

    /** Stamps dead letters with the time; default the system clock in UTC. */
    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the transport; its clients connect on first use, so Kafka may still be starting. */
    public KafkaTransport build() {
      if (settings.bootstrapServers == null) {
        throw new IllegalStateException("KafkaTransport needs bootstrapServers(...), e.g."
            + " \"127.0.0.1:9092\"");
      }
      return new KafkaTransport(settings.copy());
    }

    @Override
    public String toString() {
      return "KafkaTransport.Builder[" + settings + "]";
    }
  }
}
