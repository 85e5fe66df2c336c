package dev.herald.sample.simulation;

import dev.herald.sample.events.Channel;
import java.time.Instant;

/**
 * A booking as the property-management system knows it.
 *
 * @param loyaltyTier {@code platinum} marks a VIP; {@code null} for guests outside the programme
 */
public record Reservation(
    String reservationId,
    String externalId,
    String guestId,
    String guestName,
    String room,
    String loyaltyTier,
    Instant arrival,
    Instant departure,
    Channel preferredChannel) {

  public boolean vip() {
    return "platinum".equals(loyaltyTier);
  }
}
