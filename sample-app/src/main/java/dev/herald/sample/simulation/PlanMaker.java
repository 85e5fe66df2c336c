package dev.herald.sample.simulation;

import dev.herald.sample.events.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Makes each hotel's day from the seed: staff rota, reservations, and what every guest will say. */
public final class PlanMaker {

  private static final String[][] HOTELS = {
      {"grand-budapest", "gb", "The Grand Budapest"},
      {"overlook", "ov", "The Overlook"},
      {"fawlty-towers", "ft", "Fawlty Towers"},
      {"hotel-california", "hc", "Hotel California"},
      {"bertram", "bt", "Bertram's Hotel"},
  };

  private static final String[] FIRST = {"Ada", "Ben", "Chiara", "Dev", "Elif", "Femi", "Greta",
      "Hiro", "Ines", "Jonas", "Kemal", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa",
      "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe"};
  private static final String[] LAST = {"Almeida", "Brandt", "Castillo", "Dubois", "Eriksen",
      "Fischer", "Gallo", "Haddad", "Ivanova", "Jensen", "Kowalski", "Laurent", "Moreau", "Novak",
      "Okafor", "Petrov", "Rossi", "Sato", "Tanaka", "Varga"};

  /** Department, shift start (minutes after midnight), shift hours. */
  private static final Object[][] ROTA = {
      {"front_desk", 6 * 60, 8}, {"front_desk", 14 * 60, 8}, {"front_desk", 22 * 60, 8},
      {"housekeeping", 7 * 60, 8}, {"housekeeping", 15 * 60, 7},
      {"maintenance", 7 * 60, 8}, {"maintenance", 15 * 60, 8},
      {"concierge", 8 * 60, 8}, {"concierge", 16 * 60, 7},
      {"manager", 6 * 60, 8}, {"manager", 14 * 60, 8}, {"manager", 22 * 60, 8},
  };

  /** How guests feel today, and what they tend to say. */
  private enum Mood {
    DELIGHTED(0.20, new String[] {
        "What time is breakfast served?", "Is the pool open today?",
        "Thank you so much, everything is perfect!", "What's the wifi password?",
        "Lovely room, thank you! What time is checkout?"}),
    CALM(0.45, new String[] {
        "Could I get two extra towels please?", "What time is checkout?",
        "Can you book a table at a restaurant nearby for 8pm?", "What's the wifi password?",
        "Could we have a late checkout tomorrow?", "The shower in our room is not working",
        "Please book a taxi to the airport at 6am", "Is there a gym?", "hmm", "ok",
        "Where can I park the car?"}),
    DEMANDING(0.20, new String[] {
        "I need more pillows and the minibar restocked now",
        "Book me a taxi and a restaurant and arrange a late checkout",
        "I want to speak to a manager", "The air conditioning is broken, fix it today",
        "Can I talk to a real person please?", "what about the thing from yesterday?",
        "Our room hasn't been cleaned yet"}),
    ANGRY(0.15, new String[] {
        "The noise from next door is unacceptable!",
        "This is the worst service I have ever had, the room is dirty",
        "I am very disappointed, the air conditioning is still not working!",
        "Nobody answered my request, this is terrible", "I want to speak to a manager right now",
        "Why is the shower broken again?!"});

    final double share;
    final String[] lines;

    Mood(double share, String[] lines) {
      this.share = share;
      this.lines = lines;
    }

    static Mood pick(double roll) {
      double sum = 0;
      for (Mood mood : values()) {
        sum += mood.share;
        if (roll < sum) {
          return mood;
        }
      }
      return CALM;
    }
  }

  private final Dice dice;
  private final Instant dayStart;

  public PlanMaker(Dice dice, Instant dayStart) {
    this.dice = dice;
    this.dayStart = dayStart;
  }

  /** The first {@code count} hotels of the list (then numbered ones), {@code guests} guests each. */
  public List<HotelPlan> hotels(int count, int guests) {
    return hotels(1, count, guests);
  }

  /**
   * {@code count} hotels of the list (then numbered ones) from the {@code first} (1 is the list's
   * first), {@code guests} guests each: instances sharing one Redis run different hotels this way.
   */
  public List<HotelPlan> hotels(int first, int count, int guests) {
    List<HotelPlan> plans = new ArrayList<>();
    for (int i = first - 1; i < first - 1 + count; i++) {
      String[] hotel = i < HOTELS.length ? HOTELS[i]
          : new String[] {"hotel-" + (i + 1), "h" + (i + 1), "Hotel No. " + (i + 1)};
      plans.add(hotel(hotel[0], hotel[1], hotel[2], guests));
    }
    return plans;
  }

  private HotelPlan hotel(String id, String code, String name, int guestCount) {
    Random random = dice.random("hotel:" + id);
    List<StaffMember> staff = new ArrayList<>();
    for (Object[] slot : ROTA) {
      String staffName = FIRST[random.nextInt(FIRST.length)];
      staff.add(new StaffMember("s-" + code + "-" + (staff.size() + 1), staffName, (String) slot[0],
          (Integer) slot[1], Duration.ofHours((Integer) slot[2]), List.of(Channel.values())));
    }
    List<Reservation> reservations = new ArrayList<>();
    List<GuestPlan> guests = new ArrayList<>();
    for (int g = 1; g <= guestCount; g++) {
      String guestId = String.format("g-%s-%03d", code, g);
      Random guest = dice.random("guest:" + guestId);
      Reservation reservation = reservation(code, g, guestId, guest);
      reservations.add(reservation);
      guests.add(guest(guestId, reservation, guest));
    }
    return new HotelPlan(id, code, name, List.copyOf(staff), List.copyOf(reservations),
        List.copyOf(guests));
  }

  private Reservation reservation(String code, int number, String guestId, Random random) {
    String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
    // A third arrive today, a third leave today, a third stay through.
    int stay = random.nextInt(3);
    Instant arrival = stay == 0 ? at(12 + random.nextInt(10), random.nextInt(60)) : at(-10, 0);
    Instant departure = stay == 1 ? at(10 + random.nextInt(2), 30 * random.nextInt(2))
        : at(24 + 11, 0);
    String tier = random.nextDouble() < 0.15 ? "platinum"
        : random.nextDouble() < 0.3 ? "gold" : null;
    Channel channel = Channel.values()[random.nextInt(Channel.values().length)];
    String room = String.valueOf(100 * (1 + random.nextInt(6)) + 1 + random.nextInt(30));
    return new Reservation(String.format("r-%s-%03d", code, number),
        String.format("PMS-%s-%05d", code.toUpperCase(java.util.Locale.ROOT), 10_000 + number),
        guestId, name, room, tier, arrival, departure, channel);
  }

  private GuestPlan guest(String guestId, Reservation reservation, Random random) {
    Mood mood = Mood.pick(random.nextDouble());
    Channel channel = reservation.preferredChannel();
    String identifier = channel == Channel.EMAIL
        ? reservation.guestName().toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com"
        : String.format("+4915%08d", random.nextInt(100_000_000));
    // Guests write while they are in the house (or about to arrive), between 07:00 and 23:30.
    Instant from = later(reservation.arrival().minus(Duration.ofHours(3)), at(7, 0));
    Instant until = earlier(reservation.departure(), at(23, 30));
    List<GuestPlan.Burst> bursts = new ArrayList<>();
    long window = Duration.between(from, until).toMinutes();
    if (window > 0) {
      int count = 1 + random.nextInt(3);
      List<Long> minutes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        minutes.add((long) random.nextInt((int) window));
      }
      minutes.sort(null);
      boolean secondIdentityUsed = false;
      for (long minute : minutes) {
        int lines = random.nextDouble() < 0.25 ? 2 + random.nextInt(2) : 1;
        List<String> text = new ArrayList<>();
        for (int l = 0; l < lines; l++) {
          text.add(mood.lines[random.nextInt(mood.lines.length)]);
        }
        boolean second = !secondIdentityUsed && bursts.size() > 0 && random.nextDouble() < 0.1;
        secondIdentityUsed |= second;
        // Seconds keep guests apart from the rota's and the jobs' whole minutes.
        bursts.add(new GuestPlan.Burst(from.plusSeconds(minute * 60 + 1 + random.nextInt(58)),
            List.copyOf(text), second));
      }
    }
    return new GuestPlan(guestId, channel, identifier, reservation, List.copyOf(bursts));
  }

  private Instant at(int hour, int minute) {
    return dayStart.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
