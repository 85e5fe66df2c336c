package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.Change;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ErrorDetail;
import dev.herald.sample.events.MessageSent;
import dev.herald.sample.events.NotificationFailed;
import dev.herald.sample.events.NotificationScheduled;
import dev.herald.sample.events.NotificationSent;
import dev.herald.sample.events.NotificationType;
import dev.herald.sample.events.PmsReservationUpdated;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Messages the hotel sends unasked: a pre-arrival note three hours before a guest arrives, a welcome
 * on arrival, a checkout reminder two hours before they leave and a feedback request after. It learns
 * arrivals and departures from the PMS sync's reservations.
 */
public final class Notifications {

  private final EventBus bus;
  private final Scheduler scheduler;
  private final Dice dice;
  private final Instant dayEnd;
  private final Set<String> planned = new HashSet<>();

  public Notifications(EventBus bus, Scheduler scheduler, Dice dice, Instant dayEnd) {
    this.bus = bus;
    this.scheduler = scheduler;
    this.dice = dice;
    this.dayEnd = dayEnd;
  }

  @Subscribe
  synchronized void reservation(Envelope<PmsReservationUpdated> envelope) {
    PmsReservationUpdated reservation = envelope.payload();
    if (!planned.add(reservation.reservationId())) {
      return; // a later change to a reservation we planned for already
    }
    Instant arrival = instant(reservation, "arrival");
    Instant departure = instant(reservation, "departure");
    Channel channel = Channel.valueOf(value(reservation, "preferredChannel"));
    if (arrival != null) {
      plan(envelope, NotificationType.PRE_ARRIVAL, arrival.minus(Duration.ofHours(3)), channel);
      plan(envelope, NotificationType.WELCOME, arrival, channel);
    }
    if (departure != null) {
      plan(envelope, NotificationType.CHECKOUT_REMINDER, departure.minus(Duration.ofHours(2)),
          channel);
      plan(envelope, NotificationType.FEEDBACK_REQUEST, departure.plus(Duration.ofHours(1)),
          channel);
    }
  }

  private void plan(Envelope<PmsReservationUpdated> cause, NotificationType type, Instant at,
      Channel channel) {
    if (!at.isAfter(scheduler.now()) || !at.isBefore(dayEnd)) {
      return;
    }
    String guestId = cause.payload().guestId();
    String id = "n-" + guestId + "-" + type.name().toLowerCase(Locale.ROOT);
    bus.publish(new NotificationScheduled(id, type, guestId, channel, at));
    scheduler.at(at, "notify:" + id, () -> send(cause, id, type, guestId, channel));
  }

  private void send(Envelope<PmsReservationUpdated> cause, String id, NotificationType type,
      String guestId, Channel channel) {
    var followUp = FollowUp.of(cause);
    if (dice.chance(0.05, "notification-refused:" + id)) {
      bus.publish(new NotificationFailed(id, type, guestId, channel,
          new ErrorDetail("NO_CONSENT", "the guest opted out of " + channel + " messages")),
          followUp);
      return;
    }
    String messageId = "m-" + id;
    bus.publish(new MessageSent(messageId, "c-" + guestId + "-notifications", guestId, channel,
        text(type), MessageSent.OutgoingContent.TEMPLATE, MessageSent.SentBy.AI, null), followUp);
    bus.publish(new NotificationSent(id, type, guestId, channel, messageId), followUp);
  }

  private static String text(NotificationType type) {
    return switch (type) {
      case PRE_ARRIVAL -> "We look forward to welcoming you today! Reply here with any wishes.";
      case WELCOME -> "Welcome! I'm Jack, your butler: write to me any time.";
      case CHECKOUT_REMINDER -> "A reminder that checkout is at 11:00. Need more time? Just ask.";
      case FEEDBACK_REQUEST -> "Thank you for staying with us. How was everything?";
      case CUSTOM -> "";
    };
  }

  private static Instant instant(PmsReservationUpdated reservation, String field) {
    String value = value(reservation, field);
    return value == null ? null : Instant.parse(value);
  }

  private static String value(PmsReservationUpdated reservation, String field) {
    return reservation.changes().stream()
        .filter(c -> c.field().equals(field))
        .map(Change::newValue)
        .findFirst()
        .orElse(null);
  }
}
