package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ContentType;
import dev.herald.sample.events.ConversationCreated;
import dev.herald.sample.events.ConversationResolved;
import dev.herald.sample.events.GuestCreated;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.simulation.GuestPlan;
import dev.herald.sample.simulation.GuestPlan.Identity;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where guests come in: WhatsApp, SMS, e-mail and web chat, simulated from each guest's plan. Every
 * message starts a new correlation, which everything it causes carries, down to the reply.
 */
public final class GuestGateway {

  private final EventBus bus;
  private final HotelPlan hotel;
  private final Scheduler scheduler;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Map<String, String> openConversation = new ConcurrentHashMap<>();
  private final Map<String, Integer> conversationCount = new ConcurrentHashMap<>();
  private final Map<String, Integer> messageCount = new ConcurrentHashMap<>();

  public GuestGateway(EventBus bus, HotelPlan hotel, Scheduler scheduler) {
    this.bus = bus;
    this.hotel = hotel;
    this.scheduler = scheduler;
  }

  /** Puts every guest's messages on the timetable. */
  public void openDoors() {
    for (GuestPlan guest : hotel.guests()) {
      for (int i = 0; i < guest.bursts().size(); i++) {
        GuestPlan.Burst burst = guest.bursts().get(i);
        scheduler.at(burst.at(), "guest:" + guest.guestId() + ":" + i,
            () -> receive(guest, burst.lines(), burst.secondIdentity()));
      }
    }
  }

  /**
   * A guest writes {@code lines} now, in one go; returns the published messages.
   *
   * @param secondIdentity whether they write from their other channel
   */
  public List<Envelope<MessageReceived>> receive(GuestPlan guest, List<String> lines,
      boolean secondIdentity) {
    Identity identity = secondIdentity ? guest.secondIdentity() : guest.primary();
    List<Envelope<MessageReceived>> sent = new ArrayList<>();
    Metadata inHotel = Metadata.builder().tenant(hotel.id()).build();
    if (known.add(identity.guestId())) {
      bus.publish(new GuestCreated(identity.guestId(), identity.channel(), identity.identifier(),
          identity.channel() == Channel.EMAIL ? guest.reservation().guestName() : null), inHotel);
    }
    String conversationId = openConversation.get(identity.guestId());
    if (conversationId == null) {
      // Opened here, before its first message is published: every listener of the message,
      // on whichever thread, finds the conversation already there.
      conversationId = "c-" + identity.guestId() + "-"
          + conversationCount.merge(identity.guestId(), 1, Integer::sum);
      openConversation.put(identity.guestId(), conversationId);
      bus.publish(new ConversationCreated(conversationId, identity.guestId(),
          identity.channel(), lines.get(0)), inHotel);
    }
    for (String line : lines) {
      int number = messageCount.merge(identity.guestId(), 1, Integer::sum);
      sent.add(bus.publish(new MessageReceived("m-" + identity.guestId() + "-" + number,
          conversationId, identity.guestId(), identity.channel(), line, ContentType.TEXT,
          channelMetadata(identity)), inHotel));
    }
    return sent;
  }

  /** The next message from this guest starts a new conversation. */
  @Subscribe
  void resolved(ConversationResolved resolved) {
    openConversation.remove(resolved.guestId(), resolved.conversationId());
  }

  private static Map<String, String> channelMetadata(Identity identity) {
    return switch (identity.channel()) {
      case WHATSAPP -> Map.of("waId", identity.identifier().substring(1));
      case EMAIL -> Map.of("subject", "About my stay");
      case SMS, WEBCHAT -> null;
    };
  }
}
