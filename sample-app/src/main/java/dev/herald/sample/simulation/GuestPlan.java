package dev.herald.sample.simulation;

import dev.herald.sample.events.Channel;
import java.time.Instant;
import java.util.List;

/**
 * What one guest will do today: when they write, on which channel, and what.
 *
 * @param identifier the phone number or e-mail address the channel knows them by
 * @param bursts their messages, in time order
 */
public record GuestPlan(
    String guestId, Channel channel, String identifier, Reservation reservation,
    List<Burst> bursts) {

  /** How a guest appears on their other channel: another profile until the hotel merges them. */
  public record Identity(String guestId, Channel channel, String identifier) {}

  public Identity primary() {
    return new Identity(guestId, channel, identifier);
  }

  /** E-mail for guests who usually use their phone, WhatsApp for those who usually e-mail. */
  public Identity secondIdentity() {
    if (channel == Channel.EMAIL) {
      return new Identity(guestId + "-b", Channel.WHATSAPP,
          "+4917" + String.format("%08d", Math.abs(guestId.hashCode()) % 100_000_000));
    }
    return new Identity(guestId + "-b", Channel.EMAIL, reservation.guestName()
        .toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "." + guestId + "@example.com");
  }

  /**
   * Lines a guest sends in one go, from one identity.
   *
   * @param secondIdentity whether the guest writes from another channel than usual this time (the
   *     hotel first sees a new guest, then merges the two)
   */
  public record Burst(Instant at, List<String> lines, boolean secondIdentity) {}
}
