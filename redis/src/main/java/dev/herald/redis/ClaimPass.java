package dev.herald.redis;

import dev.herald.runtime.Envelope;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the group's entries idle longer than {@code claimIdle}, left pending by a crashed
 * consumer or by a failed delivery: takes them over ({@code XAUTOCLAIM}) and delivers them again,
 * or dead-letters those delivered {@code maxDeliveries} times already. It leaves alone the entries
 * still in flight here (a slow delivery, not an abandoned one) and those settled and waiting for
 * their acknowledgement.
 */
final class ClaimPass {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  private final TransportSettings settings;
  private final Membership membership;
  private final InFlight inFlight;
  private final Acknowledgements acks;
  private final Intake intake;
  private final Settlement settlement;

  ClaimPass(TransportSettings settings, Membership membership, InFlight inFlight,
      Acknowledgements acks, Intake intake, Settlement settlement) {
    this.settings = settings;
    this.membership = membership;
    this.inFlight = inFlight;
    this.acks = acks;
    this.intake = intake;
    this.settlement = settlement;
  }

  /** Claims on every consumed stream, on the consumer's own connection, while {@code running}. */
  void run(StatefulRedisConnection<String, byte[]> reader, BooleanSupplier running)
      throws InterruptedException {
    Consumer<String> me = membership.asConsumer();
    RedisCommands<String, byte[]> commands = reader.sync();
    for (String stream : membership.streams()) {
      String cursor = "0-0";
      do {
        ClaimedMessages<String, byte[]> claimed = commands.xautoclaim(stream,
            XAutoClaimArgs.Builder.xautoclaim(me, settings.claimIdle, cursor)
                .count(settings.batchSize));
        List<StreamMessage<String, byte[]>> messages = new ArrayList<>();
        for (StreamMessage<String, byte[]> message : claimed.getMessages()) {
          // Entries trimmed away since they were read come back empty; Redis drops them.
          if (message != null && message.getBody() != null && !message.getBody().isEmpty()) {
            messages.add(message);
          }
        }
        if (!messages.isEmpty() && !redeliver(commands, stream, me, messages, running)) {
          return;
        }
        cursor = claimed.getId();
      } while (running.getAsBoolean() && cursor != null && !cursor.equals("0-0"));
    }
  }

  /** Delivers claimed entries again, or dead-letters them; false if stopped on the way. */
  private boolean redeliver(RedisCommands<String, byte[]> commands, String stream,
      Consumer<String> me, List<StreamMessage<String, byte[]>> messages, BooleanSupplier running)
      throws InterruptedException {
    Map<String, Long> deliveries = new HashMap<>();
    for (PendingMessage pending : commands.xpending(stream, me,
        Range.create(messages.get(0).getId(), messages.get(messages.size() - 1).getId()),
        Limit.from(settings.batchSize * 4L))) {
      deliveries.put(pending.getId(), pending.getRedeliveryCount());
    }
    for (StreamMessage<String, byte[]> message : messages) {
      if (!running.getAsBoolean()) {
        return false;
      }
      if (inFlight.contains(message)) {
        continue; // still being delivered here: a slow delivery, not an abandoned one
      }
      if (acks.isQueued(message.getStream(), message.getId())) {
        continue; // settled during this pass; acknowledged before the next read
      }
      Long known = deliveries.get(message.getId());
      long count = known != null ? known : deliveriesOf(commands, stream, me, message.getId());
      try {
        if (count > settings.maxDeliveries) {
          Envelope<?> envelope = intake.decodeOrReject(message);
          if (envelope != null) {
            settlement.abandoned(message, envelope, count - 1);
          }
        } else {
          intake.deliver(message, count);
        }
      } catch (RuntimeException e) {
        log.error("RedisTransport could not handle claimed entry {} of {}; it stays pending: {}",
            message.getId(), stream, e.toString());
      }
    }
    return true;
  }

  /** One entry's delivery count (this claim included), when the range query did not reach it. */
  private static long deliveriesOf(RedisCommands<String, byte[]> commands, String stream,
      Consumer<String> me, String id) {
    List<PendingMessage> pending = commands.xpending(stream, me, Range.create(id, id),
        Limit.from(1));
    return pending.isEmpty() ? 1 : pending.get(0).getRedeliveryCount();
  }
}
