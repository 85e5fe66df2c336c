package dev.herald.sample;

import dev.herald.kafka.KafkaTransport;
import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.observability.HistoryEntry;
import dev.herald.runtime.observability.HistoryQuery;
import dev.herald.runtime.observability.MetricsSnapshot;
import dev.herald.runtime.store.EventQuery;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.hotel.HeadOffice;
import dev.herald.sample.hotel.Hotel;
import dev.herald.sample.report.DayReport;
import dev.herald.sample.report.DayStats;
import dev.herald.sample.report.ProgressLine;
import dev.herald.sample.report.RedisDay;
import dev.herald.sample.report.Story;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.PlanMaker;
import io.lettuce.core.RedisURI;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulated day: plans it from the seed, runs it on a {@link ConciergeSystem} at the requested
 * pace with a progress line, replays the dead letters at the night audit, and reports.
 */
public final class DaySimulation {

  /** The simulated day; any date would do, a fixed one keeps the event store comparable. */
  public static final Instant DAY_START = Instant.parse("2026-06-12T00:00:00Z");
  public static final Duration DAY = Duration.ofDays(1);

  /**
   * What to simulate.
   *
   * @param duration how long the day takes in wall-clock time; zero runs it flat out
   * @param firstHotel which hotel of the list is this run's first (1 for the list's first)
   * @param redis where instances share the audit trail, or {@code null} for one process alone
   * @param kafka where instances share it on Kafka instead, or {@code null}
   */
  public record Options(int hotels, int guestsPerHotel, Duration duration, long seed,
      Path database, int firstHotel, ConciergeSystem.Redis redis, ConciergeSystem.Kafka kafka) {

    /** Instances sharing the audit trail on Redis, or one process alone. */
    public Options(int hotels, int guestsPerHotel, Duration duration, long seed, Path database,
        int firstHotel, ConciergeSystem.Redis redis) {
      this(hotels, guestsPerHotel, duration, seed, database, firstHotel, redis, null);
    }

    /** The list's first hotels, in one process alone. */
    public Options(int hotels, int guestsPerHotel, Duration duration, long seed, Path database) {
      this(hotels, guestsPerHotel, duration, seed, database, 1, null);
    }
  }

  private DaySimulation() {}

  /** What runs beside the day, such as the live dashboard. */
  public interface Companion {
    /** The system is started; the day is about to begin. */
    void started(ConciergeSystem system);

    /** The day is over, before the night audit replays the dead letters; may wait. */
    void dayOver(ConciergeSystem system) throws InterruptedException;
  }

  /** Runs the day, drawing progress on {@code progressOut}, and returns its report. */
  public static DayReport run(Options options, PrintStream progressOut)
      throws InterruptedException {
    return run(options, progressOut, null);
  }

  /** Runs the day with a {@link Companion} (or null). */
  public static DayReport run(Options options, PrintStream progressOut, Companion companion)
      throws InterruptedException {
    Dice dice = new Dice(options.seed());
    List<HotelPlan> plans = new PlanMaker(dice, DAY_START)
        .hotels(options.firstHotel(), options.hotels(), options.guestsPerHotel());
    ConciergeSystem.Setup setup = new ConciergeSystem.Setup(options.seed(), options.database(),
        DAY_START, plans, ChannelProvider.outagesFor(dice, DAY_START), options.redis(),
        options.kafka());
    long started = System.nanoTime();
    try (ConciergeSystem system = new ConciergeSystem(setup)) {
      ProgressLine progress = new ProgressLine(progressOut, system.stats(), DAY_START, DAY);
      system.start();
      if (companion != null) {
        companion.started(system);
      }
      Instant end = DAY_START.plus(DAY);
      system.runUntil(end, at -> {
        pace(options.duration(), started, at);
        progress.update(at);
      });
      progress.finish(end);
      if (companion != null) {
        companion.dayOver(system);
      }
      int replayed = system.replayDeadLetters();
      system.shutDown();
      Duration wall = Duration.ofNanos(System.nanoTime() - started);
      DayStats stats = system.stats();
      List<DayStats.Link> flow = stats.firstEscalation().map(stats::correlation).orElse(List.of());
      EventBus bus = system.bus();
      List<HistoryEntry> recent = new ArrayList<>();
      for (String type : List.of("guest:created", "message:received", "message:sent")) {
        recent.addAll(bus.history().query(HistoryQuery.all().pattern(type).limit(1)));
      }
      MetricsSnapshot metrics = bus.metrics().snapshot();
      return new DayReport(options.seed(), options.hotels(), options.guestsPerHotel(),
          story(system, replayed), wall, metrics, bus.health(), recent, flow,
          options.database(), redisDay(system, metrics));
    }
  }

  /** With Redis: what this instance published to the group and archived for it. */
  static RedisDay redisDay(ConciergeSystem system, MetricsSnapshot metrics) {
    KafkaTransport kafka = system.kafkaTransport();
    if (kafka != null) {
      HeadOffice office = system.headOffice();
      return new RedisDay("Kafka", system.setup().kafka().bootstrapServers(),
          system.setup().kafka().instance(), kafka.group(), kafka.topicOf(ConciergeSystem.CARRIED),
          system.hotels().stream().map(h -> h.plan().id()).toList(),
          metrics.type(ConciergeSystem.CARRIED).published(), office.entries(), office.repeats(),
          office.byHotel(), kafka.deadLetters().count(DeadLetterQuery.all()),
          system.groupWait());
    }
    RedisTransport transport = system.transport();
    if (transport == null) {
      return null;
    }
    RedisURI uri = RedisURI.create(system.setup().redis().uri());
    HeadOffice office = system.headOffice();
    return new RedisDay("Redis", uri.getHost() + ":" + uri.getPort(), transport.consumer(),
        transport.group(), transport.streamOf(ConciergeSystem.CARRIED),
        system.hotels().stream().map(h -> h.plan().id()).toList(),
        metrics.type(ConciergeSystem.CARRIED).published(), office.entries(), office.repeats(),
        office.byHotel(), transport.deadLetters().count(DeadLetterQuery.all()),
        system.groupWait());
  }

  /** Sleeps until the wall clock reaches the share of {@code duration} that {@code at} is of the day. */
  private static void pace(Duration duration, long startedNanos, Instant at) {
    if (duration.isZero()) {
      return;
    }
    double share = Duration.between(DAY_START, at).toNanos() / (double) DAY.toNanos();
    long due = startedNanos + (long) (share * duration.toNanos());
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Story story(ConciergeSystem system, int replayed) {
    DayStats stats = system.stats();
    Map<String, Story.HotelDay> hotels = new LinkedHashMap<>();
    for (Hotel hotel : system.hotels()) {
      String id = hotel.plan().id();
      hotels.put(id, new Story.HotelDay(stats.countForHotel(id),
          stats.count(id, "message:received"), stats.count(id, "conversation:escalated"),
          hotel.dashboard().tasksOpened(), hotel.dashboard().tasksClosed()));
    }
    return new Story(stats.byType(), stats.total(), stats.count("message:received"),
        stats.count("conversation:escalated"), stats.count("task:created"),
        stats.count("task:completed"), stats.count("task:overdue"), stats.retries(),
        stats.deadLettered(), replayed, system.deadLettersLeft(),
        system.events().count(EventQuery.all().type("audit:log")), stats.tenantLeaks(),
        hotels);
  }
}
