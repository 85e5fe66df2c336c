package dev.herald.redis;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.spi.TransportCounters;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the group's entries idle longer than {@code claimIdle}, left pending by a crashed
 * consumer or by a failed delivery: takes them over ({@code XPENDING ... IDLE}, then
 * {@code XCLAIM}) and delivers them again, or dead-letters those delivered {@code maxDeliveries}
 * times already. It leaves alone the entries still in flight here (a slow delivery, not an
 * abandoned one) and those settled and waiting for their acknowledgement. A pass that took entries
 * over from another consumer says so at INFO, with how many, from whom and how old, and counts them
 * in the transport's metrics.
 *
 * <p>It also tells the consumer loop when to come back: when the oldest entry it saw pending will
 * have been idle for {@code claimIdle}, so that an abandoned entry is claimed about
 * {@code claimIdle} after its consumer died, not up to a claim interval later.
 */
final class ClaimPass {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);
  /** Pending entries, oldest first, looked at to schedule the next pass. */
  private static final int OLDEST = 16;

  private final TransportSettings settings;
  private final Membership membership;
  private final InFlight inFlight;
  private final Acknowledgements acks;
  private final Intake intake;
  private final Settlement settlement;
  private final TransportCounters counters;

  ClaimPass(TransportSettings settings, Membership membership, InFlight inFlight,
      Acknowledgements acks, Intake intake, Settlement settlement, TransportCounters counters) {
    this.settings = settings;
    this.membership = membership;
    this.inFlight = inFlight;
    this.acks = acks;
    this.intake = intake;
    this.settlement = settlement;
    this.counters = counters;
  }

  /**
   * Claims on every consumed stream, on the consumer's own connection, while {@code running}.
   *
   * @return how long until the next pass is due: until the oldest entry seen pending becomes
   *     claimable, at most {@link TransportSettings#claimInterval()}
   */
  Duration run(StatefulRedisConnection<String, byte[]> reader, BooleanSupplier running)
      throws InterruptedException {
    RedisCommands<String, byte[]> commands = reader.sync();
    Takeover takeover = new Takeover();
    long untilNext = settings.claimInterval().toMillis();
    for (String stream : membership.streams()) {
      String after = null;
      List<PendingMessage> idle;
      do {
        Range<String> range = after == null ? Range.create("-", "+")
            : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded());
        idle = commands.xpending(stream, XPendingArgs.Builder
            .xpending(membership.group(), range, Limit.from(settings.batchSize))
            .idle(settings.claimIdle));
        if (idle.isEmpty()) {
          break;
        }
        if (!claim(commands, stream, idle, takeover, running)) {
          return settings.claimInterval();
        }
        after = idle.get(idle.size() - 1).getId();
      } while (running.getAsBoolean() && idle.size() == settings.batchSize);
      untilNext = Math.min(untilNext, untilClaimable(commands, stream));
    }
    takeover.log(membership);
    return Duration.ofMillis(Math.max(untilNext, 10));
  }

  /** Claims these idle entries and delivers them again; false if stopped on the way. */
  private boolean claim(RedisCommands<String, byte[]> commands, String stream,
      List<PendingMessage> idle, Takeover takeover, BooleanSupplier running)
      throws InterruptedException {
    Map<String, PendingMessage> byId = new HashMap<>();
    for (PendingMessage pending : idle) {
      byId.put(pending.getId(), pending);
    }
    Consumer<String> me = membership.asConsumer();
    // The same idle bound again: an entry another consumer claimed meanwhile is not taken twice.
    List<StreamMessage<String, byte[]>> claimed = commands.xclaim(stream, me,
        XClaimArgs.Builder.minIdleTime(settings.claimIdle),
        byId.keySet().toArray(new String[0]));
    for (StreamMessage<String, byte[]> message : claimed) {
      if (!running.getAsBoolean()) {
        return false;
      }
      // Entries trimmed away since they were read come back empty; Redis drops them.
      if (message == null || message.getBody() == null || message.getBody().isEmpty()) {
        continue;
      }
      if (inFlight.contains(message)) {
        continue; // still being delivered here: a slow delivery, not an abandoned one
      }
      if (acks.isQueued(message.getStream(), message.getId())) {
        continue; // settled during this pass; acknowledged before the next read
      }
      PendingMessage pending = byId.get(message.getId());
      // XCLAIM counted this delivery: one more than XPENDING said.
      long deliveries = pending == null ? 2 : pending.getRedeliveryCount() + 1;
      if (pending != null && !pending.getConsumer().equals(membership.consumer())) {
        takeover.took(pending);
        counters.claimed();
      }
      redeliver(message, deliveries);
    }
    return true;
  }

  private void redeliver(StreamMessage<String, byte[]> message, long deliveries)
      throws InterruptedException {
    try {
      if (deliveries > settings.maxDeliveries) {
        Envelope<?> envelope = intake.decodeOrReject(message);
        if (envelope != null) {
          settlement.abandoned(message, envelope, deliveries - 1);
        }
      } else {
        intake.deliver(message, deliveries);
      }
    } catch (RuntimeException e) {
      log.error("RedisTransport could not handle claimed entry {} of {}; it stays pending: {}",
          message.getId(), message.getStream(), e.toString());
    }
  }

  /**
   * Milliseconds until the oldest entries pending in the group (by id; usually the longest idle)
   * become claimable, or the claim interval if none is pending.
   */
  private long untilClaimable(RedisCommands<String, byte[]> commands, String stream) {
    long until = settings.claimInterval().toMillis();
    for (PendingMessage pending : commands.xpending(stream, membership.group(),
        Range.create("-", "+"), Limit.from(OLDEST))) {
      until = Math.min(until, settings.claimIdle.toMillis() - pending.getMsSinceLastDelivery());
    }
    return until;
  }

  /** What one pass took over from other consumers, for its log line. */
  private static final class Takeover {
    private final Map<String, Integer> byConsumer = new HashMap<>();
    private long leastIdle = Long.MAX_VALUE;
    private long mostIdle;
    private int total;

    void took(PendingMessage pending) {
      byConsumer.merge(pending.getConsumer(), 1, Integer::sum);
      leastIdle = Math.min(leastIdle, pending.getMsSinceLastDelivery());
      mostIdle = Math.max(mostIdle, pending.getMsSinceLastDelivery());
      total++;
    }

    void log(Membership membership) {
      if (total > 0) {
        log.info("RedisTransport consumer {} of group {} took over {} pending entries from {},"
            + " idle {} to {} ms; delivering them again", membership.consumer(),
            membership.group(), total, byConsumer, leastIdle, mostIdle);
      }
    }
  }
}
