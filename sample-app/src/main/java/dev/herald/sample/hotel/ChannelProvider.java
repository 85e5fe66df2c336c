package dev.herald.sample.hotel;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ChannelConnected;
import dev.herald.sample.events.ChannelDisconnected;
import dev.herald.sample.events.ChannelError;
import dev.herald.sample.events.ChannelRateLimited;
import dev.herald.sample.events.MessageDelivered;
import dev.herald.sample.events.MessageFailed;
import dev.herald.sample.events.MessageRead;
import dev.herald.sample.events.MessageSent;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside messaging providers (WhatsApp Business, an SMS gateway, e-mail, the web-chat server),
 * shared by every hotel. They fail now and then, so the bus retries; during an outage every attempt
 * fails and the message becomes a dead letter, which the operator replays once the provider is back.
 *
 * <p>Messages go out ORDERED per conversation: a guest never reads "Done!" before "On it".
 */
public final class ChannelProvider {

  /** How often one attempt fails for no reason but the internet's. */
  static final double FLAKINESS = 0.08;
  /** Messages per channel and hour before the provider throttles. */
  static final int HOURLY_LIMIT = 20;

  /** A provider down from {@code start} (inclusive) to {@code end}. */
  public record Outage(Channel channel, Instant start, Instant end) {
    boolean covers(Channel c, Instant at) {
      return channel == c && !at.isBefore(start) && at.isBefore(end);
    }
  }

  /** Thrown by a send attempt that failed, so that the bus retries it. */
  static final class ProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProviderException(String message) {
      super(message);
    }
  }

  private final EventBus bus;
  private final Scheduler scheduler;
  private final Dice dice;
  private final List<Outage> outages;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hourly = new ConcurrentHashMap<>();

  public ChannelProvider(EventBus bus, Scheduler scheduler, Dice dice, List<Outage> outages) {
    this.bus = bus;
    this.scheduler = scheduler;
    this.dice = dice;
    this.outages = List.copyOf(outages);
  }

  /** One outage of a channel, 20 to 50 minutes at some point between 09:00 and 20:00. */
  public static List<Outage> outagesFor(Dice dice, Instant dayStart) {
    Channel channel = Channel.values()[dice.below(Channel.values().length, "outage-channel")];
    Instant start = dayStart.plus(Duration.ofMinutes(9 * 60 + dice.below(11 * 60, "outage-start")));
    return List.of(new Outage(channel, start,
        start.plus(Duration.ofMinutes(20 + dice.below(31, "outage-length")))));
  }

  /** Connects every channel now and puts the outages on the timetable. */
  public void connect() {
    for (Channel channel : Channel.values()) {
      bus.publish(new ChannelConnected(channel, provider(channel),
          ChannelConnected.Status.CONNECTED));
    }
    for (Outage outage : outages) {
      String key = "outage:" + outage.channel();
      scheduler.at(outage.start(), key + ":down", () -> bus.publish(new ChannelDisconnected(
          outage.channel(), provider(outage.channel()), "HTTP 503 from the provider", true)));
      scheduler.at(outage.end(), key + ":up", () -> bus.publish(new ChannelConnected(
          outage.channel(), provider(outage.channel()), ChannelConnected.Status.RECONNECTED)));
    }
  }

  @Subscribe(delivery = Delivery.ORDERED, maxAttempts = 3, backoffMillis = 2, maxBackoffMillis = 8)
  void send(Envelope<MessageSent> envelope) {
    attempt(envelope.payload());
  }

  private void attempt(MessageSent message) {
    Channel channel = message.channel();
    int attempt = attempts.computeIfAbsent(message.messageId(), id -> new AtomicInteger())
        .incrementAndGet();
    Instant now = scheduler.now();
    boolean down = outages.stream().anyMatch(o -> o.covers(channel, now));
    if (down || dice.chance(FLAKINESS, "send-fails:" + message.messageId() + "#" + attempt)) {
      String code = down ? "SERVICE_UNAVAILABLE" : "TIMEOUT";
      if (down) {
        bus.publish(new ChannelError(channel, provider(channel),
            new ChannelError.Error(code, "provider unavailable", 503),
            List.of(message.messageId())));
      }
      bus.publish(new MessageFailed(message.messageId(), message.conversationId(), channel,
          new MessageFailed.Error(code, down ? "provider unavailable" : "no answer in 10 s", true),
          attempt));
      throw new ProviderException(provider(channel) + " refused " + message.messageId() + ": "
          + code);
    }
    throttle(channel, now);
    bus.publish(new MessageDelivered(message.messageId(), message.conversationId(), channel, now,
        provider(channel).substring(0, 2).toUpperCase(Locale.ROOT) + "-" + message.messageId()));
    if ((channel == Channel.WHATSAPP || channel == Channel.WEBCHAT)
        && dice.chance(0.7, "read:" + message.messageId())) {
      bus.publish(new MessageRead(message.messageId(), message.conversationId(), channel,
          now.plusSeconds(30 + dice.below(600, "read-after:" + message.messageId()))));
    }
  }

  /** The message that reaches the hour's limit makes the provider say it is throttling. */
  private void throttle(Channel channel, Instant now) {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    int sent = hourly.computeIfAbsent(channel + "@" + hour, k -> new AtomicInteger())
        .incrementAndGet();
    if (sent == HOURLY_LIMIT) {
      bus.publish(new ChannelRateLimited(channel, provider(channel), HOURLY_LIMIT, 0,
          hour.plus(Duration.ofHours(1)), 0));
    }
  }

  static String provider(Channel channel) {
    return switch (channel) {
      case WHATSAPP -> "whatsapp-business";
      case SMS -> "twilio-sms";
      case EMAIL -> "mailgun";
      case WEBCHAT -> "jack-webchat";
    };
  }
}
