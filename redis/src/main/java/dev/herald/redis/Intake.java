package dev.herald.redis;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.spi.TransportCounters;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.StreamMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands stream entries to the bus: decodes each with the bus's contracts, delivers it and has it
 * settled when the bus's outcome arrives. An entry that is no event of these contracts (not
 * CloudEvents, an unknown type, a newer version, bad data) is poison: no redelivery would help, so
 * it is rejected at once, moved to the dead-letter stream with the reason and acknowledged,
 * atomically, so that it does not block its group.
 */
final class Intake {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  private final CloudEvents wire;
  private final String group;
  private final Transport.Inbound inbound;
  private final InFlight inFlight;
  private final Settlement settlement;
  private final RedisDeadLetterStore deadLetters;
  private final TransportCounters counters;

  Intake(CloudEvents wire, String group, Transport.Inbound inbound, InFlight inFlight,
      Settlement settlement, RedisDeadLetterStore deadLetters, TransportCounters counters) {
    this.wire = wire;
    this.group = group;
    this.inbound = inbound;
    this.inFlight = inFlight;
    this.settlement = settlement;
    this.deadLetters = deadLetters;
    this.counters = counters;
  }

  /**
   * Delivers {@code message} to the bus as its delivery number {@code delivery}, waiting for room
   * among the entries in flight; rejects it if it is poison.
   */
  void deliver(StreamMessage<String, byte[]> message, long delivery) throws InterruptedException {
    Envelope<?> envelope = decodeOrReject(message);
    if (envelope == null) {
      return;
    }
    inFlight.begin(message);
    counters.delivered(delivery);
    inbound.deliverSafely(envelope).whenComplete((result, error) -> {
      try {
        settlement.settle(message, envelope, delivery, result, error);
      } catch (RuntimeException e) {
        log.error("RedisTransport could not settle entry {} of {} ({} {}); it stays pending and"
            + " will be delivered again", message.getId(), message.getStream(), envelope.type(),
            envelope.id(), e);
      } finally {
        inFlight.end(message);
      }
    });
  }

  /** The entry's envelope, or null after rejecting the entry as poison. */
  Envelope<?> decodeOrReject(StreamMessage<String, byte[]> message) {
    byte[] json = message.getBody().get(RedisTransport.EVENT);
    try {
      if (json == null) {
        throw new EventDecodingException(typeOf(message), "$", -1, -1, -1,
            "the stream entry has no \"" + RedisTransport.EVENT + "\" field, only "
                + message.getBody().keySet(), null);
      }
      return wire.fromJson(json);
    } catch (EventDecodingException e) {
      reject(message, e.getMessage());
    } catch (RuntimeException e) {
      reject(message, "cannot decode: " + e);
    }
    return null;
  }

  private void reject(StreamMessage<String, byte[]> message, String reason) {
    String type = typeOf(message);
    log.error("RedisTransport rejected entry {} of {} for group {} (type {}): {}; moved to {}",
        message.getId(), message.getStream(), group, type, reason, deadLetters.stream());
    deadLetters.reject(group, message, type, reason);
    counters.deadLettered();
  }

  private static String typeOf(StreamMessage<String, byte[]> message) {
    return LetterFields.text(message.getBody(), RedisTransport.TYPE);
  }
}
