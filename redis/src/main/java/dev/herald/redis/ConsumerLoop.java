package dev.herald.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer thread of a started transport: on a connection of its own, it reads batches of the
 * group's new entries ({@code XREADGROUP}) and hands them to the bus in stream order, so that the
 * bus's ORDERED subscribers see each key's events in order; every {@link
 * TransportSettings#claimInterval()}, or sooner when the claim pass said an entry becomes claimable,
 * it first sends the queued acknowledgements, awaited, then runs a {@link ClaimPass}; now and then
 * it removes the group's long-idle consumers ({@link StaleConsumers}). When Redis fails it backs off and reconnects, creating the groups again
 * (Redis may have restarted without its data).
 */
final class ConsumerLoop {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  private final TransportSettings settings;
  private final Connections connections;
  private final Membership membership;
  private final InFlight inFlight;
  private final Acknowledgements acks;
  private final Intake intake;
  private final ClaimPass claimPass;
  private final StaleConsumers staleConsumers;
  private final Thread thread;
  /** Runs on the consumer thread before each claim pass; a seam for tests to order events by. */
  private volatile Runnable beforeClaimPass = () -> { };
  private volatile boolean running = true;

  ConsumerLoop(TransportSettings settings, Connections connections, Membership membership,
      InFlight inFlight, Acknowledgements acks, Intake intake, ClaimPass claimPass,
      StaleConsumers staleConsumers) {
    this.settings = settings;
    this.connections = connections;
    this.membership = membership;
    this.inFlight = inFlight;
    this.acks = acks;
    this.intake = intake;
    this.claimPass = claimPass;
    this.staleConsumers = staleConsumers;
    this.thread = new Thread(this::run, "herald-redis-" + membership.group());
    this.thread.setDaemon(true);
  }

  /**
   * Creates the consumer groups now, so that what is published once {@code start} returned reaches
   * the group, and starts the thread; if Redis is away, the thread creates them when it connects.
   */
  void start() {
    try {
      createGroups(connections.shared());
    } catch (RuntimeException e) {
      connections.down("could not create consumer groups: " + e);
      log.warn("RedisTransport could not create group {} on {} at {} yet: {}", membership.group(),
          membership.streams(), connections.where(), e.toString());
    }
    thread.start();
  }

  private void run() {
    Backoff backoff = new Backoff(settings.reconnectMin, settings.reconnectMax);
    StatefulRedisConnection<String, byte[]> reader = null;
    boolean groupsReady = false;
    long nextClaim = 0;
    long nextSweep = System.nanoTime() + settings.staleConsumerSweepInterval().toNanos();
    Consumer<String> me = membership.asConsumer();
    @SuppressWarnings("unchecked")
    XReadArgs.StreamOffset<String>[] offsets = membership.streams().stream()
        .map(XReadArgs.StreamOffset::lastConsumed).toArray(XReadArgs.StreamOffset[]::new);
    while (running) {
      try {
        if (reader == null) {
          reader = connections.dedicated();
          reader.setTimeout(settings.blockTime.plus(settings.publishTimeout));
        }
        if (!groupsReady) {
          createGroups(reader);
          groupsReady = true;
        }
        if (System.nanoTime() - nextClaim >= 0) {
          // Scheduled first: a claim pass that fails does not run again before the next read.
          nextClaim = System.nanoTime() + settings.claimInterval().toNanos();
          beforeClaimPass.run();
          // Acknowledged first, and answered: XACK goes on another connection, and an entry that
          // settled but is unacknowledged would be claimed and delivered a second time.
          acks.flushAndAwait(settings.publishTimeout);
          nextClaim = System.nanoTime() + claimPass.run(reader, () -> running).toNanos();
        }
        if (System.nanoTime() - nextSweep >= 0) {
          nextSweep = System.nanoTime() + settings.staleConsumerSweepInterval().toNanos();
          staleConsumers.sweep(reader);
        }
        acks.flush();
        // Back in time for the next claim pass, when an abandoned entry becomes claimable.
        long untilClaim = TimeUnit.NANOSECONDS.toMillis(nextClaim - System.nanoTime());
        XReadArgs read = XReadArgs.Builder.count(settings.batchSize)
            .block(Math.max(1, Math.min(settings.blockTime.toMillis(), untilClaim)));
        List<StreamMessage<String, byte[]>> batch;
        inFlight.reserve(settings.batchSize);
        try {
          batch = reader.sync().xreadgroup(me, read, offsets);
        } finally {
          inFlight.unreserve(settings.batchSize);
        }
        connections.up();
        if (backoff.failures() > 0) {
          log.info("RedisTransport consumer {} of group {} reading again from {} after {} failed"
              + " attempts", membership.consumer(), membership.group(), connections.where(),
              backoff.failures());
          backoff.reset();
        }
        for (StreamMessage<String, byte[]> message : batch) {
          if (!running) {
            break; // left pending: this or another consumer claims it later
          }
          deliverSafely(message);
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        if (e instanceof RedisCommandExecutionException
            && String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
          log.warn("RedisTransport group {} vanished from {} (Redis restarted without its data?);"
              + " creating it again", membership.group(), connections.where());
          groupsReady = false;
          continue;
        }
        groupsReady = false;
        if (!pause(backoff, e)) {
          break;
        }
      }
    }
  }

  /** Waits after a failure before trying again; false if interrupted meanwhile. */
  private boolean pause(Backoff backoff, RuntimeException failure) {
    connections.down("consumer " + membership.consumer() + ": " + failure);
    boolean first = backoff.failures() == 0;
    Duration wait = backoff.next();
    if (first) {
      log.warn("RedisTransport consumer {} of group {} at {} failed, retrying with backoff up to"
          + " {} (further failures at DEBUG): {}", membership.consumer(), membership.group(),
          connections.where(), settings.reconnectMax, failure.toString());
    } else {
      log.debug("RedisTransport consumer {} retrying in {} ms: {}", membership.consumer(),
          wait.toMillis(), failure.toString());
    }
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException stop) {
      return false;
    }
  }

  /**
   * Delivers one read entry; a failure to reject it (Redis refused the script, say) leaves that
   * entry pending, to be claimed later, instead of stopping the batch.
   */
  private void deliverSafely(StreamMessage<String, byte[]> message) throws InterruptedException {
    try {
      intake.deliver(message, 1);
    } catch (RuntimeException e) {
      if (!running) {
        throw e;
      }
      log.error("RedisTransport could not handle entry {} of {}; it stays pending: {}",
          message.getId(), message.getStream(), e.toString());
    }
  }

  private void createGroups(StatefulRedisConnection<String, byte[]> connection) {
    for (String stream : membership.streams()) {
      try {
        connection.sync().xgroupCreate(settings.startFromEarliest
            ? XReadArgs.StreamOffset.from(stream, "0-0")
            : XReadArgs.StreamOffset.latest(stream), membership.group(),
            XGroupCreateArgs.Builder.mkstream());
      } catch (RedisCommandExecutionException e) {
        if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
          throw e;
        }
      }
    }
  }

  /**
   * Stops reading, waits up to {@code closeTimeout} for the deliveries in flight to settle, and
   * sends the acknowledgements queued meanwhile (not awaited: see {@code RedisTransport.close}).
   */
  void stop() {
    running = false;
    // Not interrupted at first: a read in progress returns within blockTime, and its entries are
    // handed in rather than left pending in this consumer.
    join(settings.blockTime.plusSeconds(2));
    if (thread.isAlive()) {
      thread.interrupt();
      join(Duration.ofSeconds(2));
    }
    int unsettled = inFlight.awaitNone(settings.closeTimeout);
    if (unsettled > 0) {
      log.warn("RedisTransport closed with {} deliveries unsettled after {}; they stay pending for"
          + " group {}", unsettled, settings.closeTimeout, membership.group());
    }
    try {
      acks.flush();
    } catch (RuntimeException e) {
      log.warn("RedisTransport could not acknowledge its last entries; they stay pending: {}",
          e.toString());
    }
  }

  private void join(Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Removes this consumer from its group on the streams where it holds nothing pending, so that
   * groups do not collect the names of processes long gone. Where it still holds entries it stays,
   * and another consumer claims them.
   */
  void leaveGroupIfIdle() {
    Consumer<String> me = membership.asConsumer();
    for (String stream : membership.streams()) {
      try {
        RedisAsyncCommands<String, byte[]> commands = connections.shared().async();
        List<PendingMessage> held = commands.xpending(stream, me, Range.create("-", "+"),
            Limit.from(1)).get(2, TimeUnit.SECONDS);
        if (held.isEmpty()) {
          commands.xgroupDelconsumer(stream, me).get(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        log.debug("RedisTransport could not remove consumer {} from {}: {}",
            membership.consumer(), stream, e.toString());
      }
    }
  }

  void beforeClaimPass(Runnable hook) {
    this.beforeClaimPass = hook;
  }

  InFlight inFlight() {
    return inFlight;
  }

  Acknowledgements acknowledgements() {
    return acks;
  }
}
