package dev.herald.sample;

import dev.herald.sample.events.Channel;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.GuestPlan;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.PlanMaker;
import dev.herald.sample.simulation.Reservation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hotels with the seed's staff rota but hand-picked guests, who write only when a test says so. */
final class TestHotels {

  static final long SEED = 42;
  static final Instant DAY = DaySimulation.DAY_START;

  private TestHotels() {}

  /** A guest staying through today who has planned nothing: the test speaks for them. */
  static GuestPlan guest(String hotelCode, int number, Channel channel, boolean vip) {
    String guestId = String.format("g-%s-%03d", hotelCode, number);
    Reservation reservation = new Reservation("r-" + hotelCode + "-" + number,
        "PMS-" + number, guestId, "Guest " + number, "30" + number, vip ? "platinum" : null,
        DAY.minus(Duration.ofHours(10)), DAY.plus(Duration.ofHours(35)), channel);
    String identifier = channel == Channel.EMAIL ? "guest" + number + "@example.com"
        : "+49150000" + number;
    return new GuestPlan(guestId, channel, identifier, reservation, List.of());
  }

  /** The first {@code count} hotels of the sample's list, each with only {@code guests}. */
  static List<HotelPlan> hotels(int count, List<GuestPlan> guests) {
    List<HotelPlan> plans = new ArrayList<>();
    for (HotelPlan empty : new PlanMaker(new Dice(SEED), DAY).hotels(count, 0)) {
      List<GuestPlan> own = guests.stream()
          .filter(g -> g.guestId().startsWith("g-" + empty.code() + "-"))
          .toList();
      plans.add(new HotelPlan(empty.id(), empty.code(), empty.name(), empty.staff(),
          own.stream().map(GuestPlan::reservation).toList(), own));
    }
    return plans;
  }

  static ConciergeSystem system(Path database, List<HotelPlan> hotels,
      List<ChannelProvider.Outage> outages) {
    return new ConciergeSystem(new ConciergeSystem.Setup(SEED, database, DAY, hotels, outages));
  }

  static Instant at(int hour, int minute) {
    return DAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }
}
