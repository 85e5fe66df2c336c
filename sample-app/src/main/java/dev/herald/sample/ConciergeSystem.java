package dev.herald.sample;

import dev.herald.runtime.DeadLetterQuery;
import dev.herald.runtime.DeadLetterStore;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventStore;
import dev.herald.runtime.RetryPolicy;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.SystemShutdown;
import dev.herald.sample.events.SystemStartup;
import dev.herald.sample.hotel.AuditTrail;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.hotel.HealthMonitor;
import dev.herald.sample.hotel.Hotel;
import dev.herald.sample.report.DayStats;
import dev.herald.sample.simulation.DayScheduler;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.SimulatedClock;
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
 */
public final class ConciergeSystem implements AutoCloseable {

  /** Everything a day depends on. */
  public record Setup(long seed, Path database, Instant dayStart, List<HotelPlan> hotels,
      List<ChannelProvider.Outage> outages) {}

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

  public ConciergeSystem(Setup setup) {
    this.setup = setup;
    this.clock = new SimulatedClock(setup.dayStart());
    this.scheduler = new DayScheduler(clock);
    Dice dice = new Dice(setup.seed());
    // Audit entries are persisted; group commit batches them instead of one fsync per entry.
    this.events = EventStore.sqlite(setup.database(), EventStore.Durability.GROUP_COMMIT);
    this.deadLetters = DeadLetterStore.sqlite(setup.database());
    this.bus = EventBus.builder()
        .source("jack-the-butler")
        .clock(clock)
        .eventStore(events)
        .deadLetters(deadLetters)
        .retry(RetryPolicy.defaults().withBackoff(Duration.ofMillis(2), Duration.ofMillis(10)))
        .history(HISTORY)
        .build();
    stats.attach(bus, setup.hotels().stream().map(HotelPlan::id).toList());
    this.channels = new ChannelProvider(bus, scheduler, dice, setup.outages());
    this.health = new HealthMonitor(bus, scheduler);
    bus.register(channels);
    bus.register(new AuditTrail(bus));
    bus.register(health);
    Instant dayEnd = setup.dayStart().plus(Duration.ofDays(1));
    for (HotelPlan plan : setup.hotels()) {
      hotels.add(new Hotel(bus, plan, scheduler, dice, dayEnd));
    }
  }

  /** Starts the system and opens every hotel for a day from the setup's start. */
  public void start() throws InterruptedException {
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

  /** Says goodbye on the bus and waits for the last deliveries. */
  public void shutDown() throws InterruptedException {
    bus.publish(new SystemShutdown(SystemShutdown.Reason.MANUAL, true));
    settle();
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

  /** Dead letters still waiting. */
  public long deadLettersLeft() {
    return deadLetters.count(DeadLetterQuery.all());
  }

  @Override
  public void close() {
    bus.close(Duration.ofSeconds(10));
    events.close();
    deadLetters.close();
  }
}
