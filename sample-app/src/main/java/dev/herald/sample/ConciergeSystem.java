package dev.herald.sample;

import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.kafka.KafkaTransport;
import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventStore;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.SystemShutdown;
import dev.herald.sample.events.SystemStartup;
import dev.herald.sample.hotel.AuditTrail;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.hotel.HeadOffice;
import dev.herald.sample.hotel.HealthMonitor;
import dev.herald.sample.hotel.Hotel;
import dev.herald.sample.hotel.TaskLedger;
import dev.herald.sample.report.DayStats;
import dev.herald.sample.simulation.DayScheduler;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.SimulatedClock;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Jack the Butler, assembled: one in-process bus on a SQLite file, the components every hotel shares
 * (the channel providers, the audit trail, the health monitor) and each hotel's own, registered for
 * its tenant. Time is simulated: {@link #runUntil} moves it from job to job, and lets each job's
 * consequences settle on the bus before the next, so the story depends on the seed alone.
 *
 * <p>With a {@link Redis}, the audit entries ({@code audit:log}) travel over Redis Streams instead:
 * every instance publishes its own hotels' entries there, and the {@link HeadOffice}, in every
 * instance, archives them as a consumer of one group ({@value #SOURCE}), so the instances share that
 * work. With a {@link Kafka}, the same over Kafka topics. Everything else stays in the process.
 */
public final class ConciergeSystem implements AutoCloseable {

  /**
   * Everything a day depends on.
   *
   * @param redis where instances share the audit trail, or {@code null} for one process alone
   * @param kafka where instances share it on Kafka instead, or {@code null}
   */
  public record Setup(long seed, Path database, Instant dayStart, List<HotelPlan> hotels,
      List<ChannelProvider.Outage> outages, Redis redis, Kafka kafka) {

    /** A day sharing the audit trail on Redis, or in one process alone. */
    public Setup(long seed, Path database, Instant dayStart, List<HotelPlan> hotels,
        List<ChannelProvider.Outage> outages, Redis redis) {
      this(seed, database, dayStart, hotels, outages, redis, null);
    }

    /** A day in one process alone. */
    public Setup(long seed, Path database, Instant dayStart, List<HotelPlan> hotels,
        List<ChannelProvider.Outage> outages) {
      this(seed, database, dayStart, hotels, outages, null);
    }
  }

  /**
   * Where instances meet: a Redis URI such as {@code redis://127.0.0.1:6379}, and this instance's
   * name, its consumer name in the group (unique among the running instances).
   */
  public record Redis(String uri, String instance) {}

  /**
   * Where instances meet on Kafka: bootstrap servers such as {@code 127.0.0.1:9092}, and this
   * instance's name, its client id in the group.
   */
  public record Kafka(String bootstrapServers, String instance) {}

  /** The bus's source: with Redis, the consumer group every instance joins. */
  public static final String SOURCE = "jack-the-butler";

  /** Prefix of every Redis key the concierge uses. */
  public static final String NAMESPACE = "concierge";

  /** The events that travel over Redis; every other one stays in the process. */
  public static final String CARRIED = "audit:log";

  /** How long an entry stays pending before another instance claims it; archiving takes µs. */
  private static final Duration CLAIM_IDLE = Duration.ofSeconds(5);

  /** How long an instance waits, at the end of its day, for the group to archive its entries. */
  private static final Duration GROUP_LIMIT = Duration.ofSeconds(60);

  /** Recent events the bus keeps for {@code bus.history()}, payloads redacted. */
  private static final int HISTORY = 2_000;

  /** How long one job's consequences, retries included, may take to settle. */
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

  private final Setup setup;
  private final SimulatedClock clock;
  private final DayScheduler scheduler;
  private final EventStore events;
  private final DeadLetterStore deadLetters;
  private final EventBus bus;
  private final DayStats stats = new DayStats();
  private final ChannelProvider channels;
  private final HealthMonitor health;
  private final List<Hotel> hotels = new ArrayList<>();
  private final TaskLedger tasks;
  private final RedisTransport transport;
  private final GroupProgress group;
  private final KafkaTransport kafka;
  private final KafkaGroupLag kafkaLag;
  private final HeadOffice headOffice;
  private Duration groupWait = Duration.ZERO;

  public ConciergeSystem(Setup setup) {
    this.setup = setup;
    this.clock = new SimulatedClock(setup.dayStart());
    this.scheduler = new DayScheduler(clock);
    Dice dice = new Dice(setup.seed());
    // Audit entries are persisted; group commit batches them instead of one fsync per entry.
    this.events = JdbcEventStore.sqlite(setup.database(), EventStore.Durability.GROUP_COMMIT);
    this.deadLetters = JdbcDeadLetterStore.sqlite(setup.database());
    EventBus.Builder builder = EventBus.builder()
        .source(SOURCE)
        .clock(clock)
        .eventStore(events)
        .deadLetters(deadLetters)
        .retry(RetryPolicy.defaults().withBackoff(Duration.ofMillis(2), Duration.ofMillis(10)))
        .history(HISTORY);
    if (setup.redis() != null) {
      this.group = connect(setup.redis().uri());
      this.transport = RedisTransport.builder()
          .uri(setup.redis().uri())
          .namespace(NAMESPACE)
          .carries(CARRIED)
          .consumer(setup.redis().instance())
          .claimIdle(CLAIM_IDLE)
          .build();
      builder.transport(transport);
      this.headOffice = new HeadOffice();
    } else {
      this.group = null;
      this.transport = null;
      this.headOffice = setup.kafka() != null ? new HeadOffice() : null;
    }
    if (setup.kafka() != null) {
      this.kafkaLag = connectKafka(setup.kafka().bootstrapServers());
      this.kafka = KafkaTransport.builder()
          .bootstrapServers(setup.kafka().bootstrapServers())
          .topicPrefix(NAMESPACE)
          .carries(CARRIED)
          .clientId(setup.kafka().instance())
          .startFromEarliest(true) // the group's first instance must not miss the others' entries
          .build();
      builder.transport(kafka);
    } else {
      this.kafka = null;
      this.kafkaLag = null;
    }
    this.bus = builder.build();
    stats.attach(bus, setup.hotels().stream().map(HotelPlan::id).toList());
    this.channels = new ChannelProvider(bus, scheduler, dice, setup.outages());
    this.health = new HealthMonitor(bus, scheduler);
    bus.register(channels);
    bus.register(new AuditTrail(bus));
    bus.register(health);
    if (headOffice != null) {
      bus.register(headOffice);
    }
    // The task boards' rows and their task:* events commit together, through the outbox.
    this.tasks = new TaskLedger(setup.database(), bus, clock);
    Instant dayEnd = setup.dayStart().plus(Duration.ofDays(1));
    for (HotelPlan plan : setup.hotels()) {
      // A hotel's own activity feed cannot hear entries that another instance may receive.
      hotels.add(new Hotel(bus, tasks, plan, scheduler, dice, dayEnd, headOffice == null));
    }
  }

  /**
   * Connects to Redis first, so that an unreachable one fails here, before the day starts, with a
   * message that names it (host and port only: a URI may hold a password).
   */
  private GroupProgress connect(String uri) {
    try {
      return new GroupProgress(uri);
    } catch (RuntimeException e) {
      events.close();
      deadLetters.close();
      RedisURI where = RedisURI.create(uri);
      throw new RedisUnreachableException("Cannot reach Redis at " + where.getHost() + ":"
          + where.getPort() + " (" + rootCause(e) + "). Start one (redis-server --port "
          + where.getPort() + " --save '') or check --redis", e);
    }
  }

  /** Asks Kafka for its cluster first, so that an unreachable one fails before the day starts. */
  private KafkaGroupLag connectKafka(String bootstrapServers) {
    try {
      return new KafkaGroupLag(bootstrapServers);
    } catch (RuntimeException e) {
      events.close();
      deadLetters.close();
      throw new RedisUnreachableException("Cannot reach Kafka at " + bootstrapServers + " ("
          + rootCause(e) + "). Start a broker there or check --kafka", e);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  /** Redis did not answer when the system was assembled. */
  public static final class RedisUnreachableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    RedisUnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Starts the system and opens every hotel for a day from the setup's start. */
  public void start() throws InterruptedException {
    bus.start(); // with Redis: joins the group and starts reading, now that everyone listens
    Instant dayEnd = setup.dayStart().plus(Duration.ofDays(1));
    bus.publish(new SystemStartup("0.1.0", SystemStartup.Environment.DEVELOPMENT,
        new SystemStartup.Config(List.of(Channel.values()), "jack-rules-v1",
            List.of("escalations", "tasks", "notifications", "pms-sync", "audit"))));
    channels.connect();
    health.schedule(setup.dayStart(), dayEnd);
    for (Hotel hotel : hotels) {
      hotel.open(setup.dayStart(), dayEnd);
    }
    settle();
  }

  /**
   * Runs the timetable up to {@code end}, one job at a time, waiting after each until the bus is idle
   * (every ASYNC and ORDERED delivery and retry done).
   *
   * @param beforeJob told each job's time before it runs, e.g. to pace the run or show progress
   */
  public void runUntil(Instant end, Consumer<Instant> beforeJob) throws InterruptedException {
    DayScheduler.Job job;
    while ((job = scheduler.next(end)) != null) {
      beforeJob.accept(job.at());
      job.action().run();
      settle();
    }
    scheduler.finishAt(end);
  }

  /**
   * The night audit: replays every dead letter (the providers are back), page by page, until none is
   * left or a round delivers nothing.
   *
   * @return how many were delivered
   */
  public int replayDeadLetters() throws InterruptedException {
    int delivered = 0;
    int round;
    do {
      round = bus.replay(DeadLetterQuery.all());
      delivered += round;
      settle();
    } while (round > 0 && deadLetters.count(DeadLetterQuery.all()) > 0);
    return delivered;
  }

  /**
   * Says goodbye on the bus and waits for the last deliveries; with Redis, also until the group has
   * archived every audit entry this instance published (whichever instance took each).
   */
  public void shutDown() throws InterruptedException {
    bus.publish(new SystemShutdown(SystemShutdown.Reason.MANUAL, true));
    settle();
    if (transport != null) {
      long started = System.nanoTime();
      // Every entry this instance published is in the stream by now (publish returned once Redis
      // had it), so all of them are at or before the stream's newest entry.
      if (!group.awaitHandled(transport.streamOf(CARRIED), transport.group(), GROUP_LIMIT)) {
        throw new IllegalStateException("Group " + transport.group() + " did not archive this"
            + " instance's audit entries on " + transport.streamOf(CARRIED) + " within "
            + GROUP_LIMIT + ": is an instance stuck? See the bus's log");
      }
      groupWait = Duration.ofNanos(System.nanoTime() - started);
      settle();
    }
    if (kafka != null) {
      long started = System.nanoTime();
      // Every entry this instance published is in the topic by now (publish returned once the
      // broker had it): once the group has no lag, it archived them all.
      String topic = kafka.topicOf(CARRIED);
      if (!kafkaLag.awaitNoLag(kafka.group(), topic, GROUP_LIMIT)) {
        throw new IllegalStateException("Group " + kafka.group() + " did not archive this"
            + " instance's audit entries on " + topic + " within " + GROUP_LIMIT
            + ": is an instance stuck? See the bus's log");
      }
      groupWait = Duration.ofNanos(System.nanoTime() - started);
      settle();
    }
    events.flush();
  }

  private void settle() throws InterruptedException {
    if (!bus.awaitIdle(SETTLE_LIMIT)) {
      throw new IllegalStateException("The bus did not settle within " + SETTLE_LIMIT
          + " at " + clock.instant());
    }
  }

  public EventBus bus() {
    return bus;
  }

  public EventStore events() {
    return events;
  }

  public DayStats stats() {
    return stats;
  }

  public List<Hotel> hotels() {
    return List.copyOf(hotels);
  }

  public Hotel hotel(String id) {
    return hotels.stream().filter(h -> h.plan().id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No hotel " + id));
  }

  public Instant now() {
    return clock.instant();
  }

  public Setup setup() {
    return setup;
  }

  /** With Redis: the transport, else {@code null}. */
  public RedisTransport transport() {
    return transport;
  }

  /** With Kafka: the transport, else {@code null}. */
  public KafkaTransport kafkaTransport() {
    return kafka;
  }

  /** With Redis or Kafka: the head office's archive in this instance, else {@code null}. */
  public HeadOffice headOffice() {
    return headOffice;
  }

  /** With Redis: how long {@link #shutDown} waited for the group to archive this instance's entries. */
  public Duration groupWait() {
    return groupWait;
  }

  /** The task boards' table and their outbox. */
  public TaskLedger tasks() {
    return tasks;
  }

  /** Dead letters still waiting. */
  public long deadLettersLeft() {
    return deadLetters.count(DeadLetterQuery.all());
  }

  @Override
  public void close() {
    bus.close(Duration.ofSeconds(10));
    if (group != null) {
      group.close();
    }
    tasks.close();
    if (kafkaLag != null) {
      kafkaLag.close();
    }
    events.close();
    deadLetters.close();
  }
}
