package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.hotel.Hotel;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.PlanMaker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of Jack the Butler on one real transport, each running its own hotels: every audit
 * entry either instance wrote is archived by the head office at least once, by one instance or the
 * other, with its hotel; both instances do some of that work; and no hotel hears another's events.
 * A subclass per transport says how an instance connects.
 */
abstract class TwoInstancesContract {

  static final long SEED = 42;
  static final Instant DAY = DaySimulation.DAY_START;

  @Test
  void theInstancesShareTheHeadOfficesWorkAndKeepTheirHotelsApart(@TempDir Path dir)
      throws Exception {
    Dice dice = new Dice(SEED);
    List<HotelPlan> hotels = new PlanMaker(dice, DAY).hotels(1, 4, 10);
    List<ChannelProvider.Outage> outages = ChannelProvider.outagesFor(dice, DAY);
    try (ConciergeSystem one = new ConciergeSystem(
             setup(dir.resolve("one.db"), hotels.subList(0, 2), outages, "one"));
         ConciergeSystem two = new ConciergeSystem(
             setup(dir.resolve("two.db"), hotels.subList(2, 4), outages, "two"))) {
      ExecutorService days = Executors.newFixedThreadPool(2);
      // Both in the group before the day's work: on a loaded machine one could start late and
      // find that the other took all of it.
      CyclicBarrier started = new CyclicBarrier(2);
      try {
        Future<?> first = days.submit(() -> runDay(one, started));
        Future<?> second = days.submit(() -> runDay(two, started));
        first.get(120, TimeUnit.SECONDS);   // each ends once the group archived its entries
        second.get(120, TimeUnit.SECONDS);
      } finally {
        days.shutdownNow();
      }

      Map<String, String> published = new HashMap<>(); // audit entry id -> hotel, from both stores
      Map<String, String> publishedByOne = auditEntries(one);
      Map<String, String> publishedByTwo = auditEntries(two);
      published.putAll(publishedByOne);
      published.putAll(publishedByTwo);
      assertThat(publishedByOne.values()).isNotEmpty().allMatch(List.of("grand-budapest",
          "overlook")::contains);
      assertThat(publishedByTwo.values()).isNotEmpty().allMatch(List.of("fawlty-towers",
          "hotel-california")::contains);
      assertThat(one.bus().metrics().snapshot().type("audit:log").published())
          .isEqualTo(publishedByOne.size());

      Map<String, String> archivedByOne = one.headOffice().archived();
      Map<String, String> archivedByTwo = two.headOffice().archived();
      Map<String, String> archived = new HashMap<>(archivedByOne);
      archived.putAll(archivedByTwo);
      // At least once: every entry archived, with the hotel it was written for; nothing else.
      assertThat(archived).isEqualTo(published);
      // The group spread the work: each instance archived some, including the other's hotels'.
      assertThat(archivedByOne).isNotEmpty();
      assertThat(archivedByTwo).isNotEmpty();
      assertThat(archivedByOne.keySet()).containsAnyElementsOf(publishedByTwo.keySet());
      assertThat(archivedByTwo.keySet()).containsAnyElementsOf(publishedByOne.keySet());

      // Tenants stay apart: no hotel's guard heard another hotel's event, in either instance.
      assertThat(one.stats().tenantLeaks()).isZero();
      assertThat(two.stats().tenantLeaks()).isZero();
      for (ConciergeSystem system : List.of(one, two)) {
        for (Hotel hotel : system.hotels()) {
          assertThat(system.stats().count(hotel.plan().id(), "message:received")).isPositive();
        }
      }
      // Of another instance's hotels, a bus hears only the audit entries it archives for them.
      for (String hotel : List.of("fawlty-towers", "hotel-california")) {
        assertThat(one.stats().countForHotel(hotel)).isEqualTo(one.stats().count(hotel, "audit:log"));
      }
      for (String hotel : List.of("grand-budapest", "overlook")) {
        assertThat(two.stats().countForHotel(hotel)).isEqualTo(two.stats().count(hotel, "audit:log"));
      }
      assertThat(deadLetters(one).count(DeadLetterQuery.all())).isZero();
    }
  }

  /** The setup of instance {@code instance} (its name in the group), on this transport. */
  abstract ConciergeSystem.Setup setup(Path store, List<HotelPlan> hotels,
      List<ChannelProvider.Outage> outages, String instance);

  /** Where this transport keeps the entries it dead-lettered. */
  abstract DeadLetterStore deadLetters(ConciergeSystem system);

  private static Void runDay(ConciergeSystem system, CyclicBarrier started) throws Exception {
    system.start();
    started.await(60, TimeUnit.SECONDS);
    system.runUntil(DAY.plus(DaySimulation.DAY), at -> { });
    system.replayDeadLetters();
    system.shutDown();
    return null;
  }

  /** The audit entries an instance published, from its event store: id and hotel. */
  private static Map<String, String> auditEntries(ConciergeSystem system) {
    Map<String, String> entries = new HashMap<>();
    system.events().replay(EventQuery.all().type("audit:log"),
        envelope -> entries.put(envelope.id(), envelope.tenantId()));
    return entries;
  }
}
