package dev.herald.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a bus's events between processes on Redis Streams, with Lettuce.
 *
 * <pre>{@code
 * RedisTransport redis = RedisTransport.builder()
 *     .uri("redis://127.0.0.1:6379")
 *     .namespace("hotel")
 *     .carries("task:*", "room:#")           // default: every event outside the herald namespace
 *     .build();
 * EventBus bus = EventBus.builder().source("housekeeping").transport(redis)
 *     .deadLetters(redis.deadLetters()).build();
 * bus.register(new Housekeeping());
 * bus.start();                              // joins group "housekeeping" as consumer "housekeeping-<pid>@<host>"
 * }</pre>
 *
 * <p><b>Publishing</b> appends the envelope's CloudEvents JSON ({@code XADD}, field {@code event}, with
 * the event name in {@code type}) to the stream of its event ({@link StreamLayout}) and returns once
 * Redis replied, trimming the stream by its {@link Retention}. While Redis is away, publishing fails
 * fast or buffers ({@link ConnectionLoss}).
 *
 * <p><b>Consuming</b>: every service is a consumer group (default: the bus's source), every process a
 * consumer in it; a group sees every event of the streams it consumes, its consumers share them. One
 * thread reads batches ({@code XREADGROUP}) and hands the entries to the bus in stream order, so the
 * bus's ORDERED subscribers see each key's events in order (with one consumer per group; several
 * consumers of one group each see a share). An entry is acknowledged ({@code XACK}) when every local
 * subscriber succeeded (after the bus's own retries). A failed entry stays pending: after
 * {@code claimIdle} a consumer of the group (perhaps another process) claims it ({@code XAUTOCLAIM})
 * and delivers it again, to every subscriber; an entry whose last allowed delivery
 * ({@code maxDeliveries}) fails, or that was delivered that often without an acknowledgement (its
 * consumers crashed), goes to the dead-letter stream {@code <namespace>:dead} with the error, and is
 * acknowledged, atomically. Entries that are no event of this service's contracts (not CloudEvents,
 * unknown type, newer version, bad data) go there at once with the reason. Delivery is at least once:
 * subscribers of carried events should be idempotent.
 *
 * <p><b>Security</b>: the password or ACL user and TLS ({@code rediss://}, or {@link
 * Builder#authentication}, {@link Builder#tls}) go to Lettuce as they are; messages and
 * {@code toString} show scheme, host, port and database only.
 */
public final class RedisTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  /** The entry field holding the CloudEvents JSON. */
  public static final String EVENT = "event";
  /** The entry field holding the event name, for people reading the stream with redis-cli. */
  public static final String TYPE = "type";

  private static final CloudEvents WRITER = CloudEvents.of(List.of());

  private final Settings settings;
  private final Connections connections;
  private final RedisDeadLetterStore deadLetters;
  private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  /** Entries to acknowledge, sent by the consumer thread in one XACK per stream before each read. */
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unsettled = new AtomicInteger();
  private final Semaphore permits;
  private final Object bufferLock = new Object();

  private volatile Inbound inbound;
  private volatile CloudEvents wire;
  private volatile boolean running;
  private volatile boolean closed;
  private volatile List<String> streams = List.of();
  private volatile String consumerName;
  private volatile String groupName;
  private Thread consumerThread;
  private Thread flusherThread; // guarded by bufferLock

  private RedisTransport(Settings settings, Connections connections) {
    this.settings = settings;
    this.connections = connections;
    this.permits = new Semaphore(settings.maxInFlight);
    this.deadLetters = new RedisDeadLetterStore(connections, false, settings.namespace,
        settings.group, settings.wire != null ? settings.wire : CloudEvents.discover(),
        settings.clock);
    connections.buffered(() -> {
      synchronized (bufferLock) {
        return buffer.size();
      }
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- public surface

  @Override
  public boolean carries(EventKey<?> key) {
    String name = key.name();
    if (settings.carries.isEmpty()) {
      return !EventNames.segments(name).get(0).equals("herald");
    }
    for (String pattern : settings.carries) {
      if (EventNames.matches(pattern, name)) {
        return true;
      }
    }
    return false;
  }

  /** The stream an event of this name travels on. */
  public String streamOf(String eventName) {
    return settings.layout.streamOf(settings.namespace, eventName);
  }

  /** The streams this transport consumes, known once started. */
  public List<String> consumedStreams() {
    return streams;
  }

  /** The consumer group, known once started (the bus's source unless configured). */
  public String group() {
    return groupName;
  }

  /** The consumer name within the group, known once started. */
  public String consumer() {
    return consumerName;
  }

  /**
   * The dead letters of this transport's group, in {@code <namespace>:dead}: pass it to
   * {@code EventBus.builder().deadLetters(...)} so that {@code bus.deadLetters()} lists them and
   * {@code bus.replay(letter)} replays them. It shares the transport's connection.
   */
  public RedisDeadLetterStore deadLetters() {
    return deadLetters;
  }

  /** Whether Redis answers, why not, and how many envelopes wait in the publish buffer. */
  public RedisHealth connectionState() {
    return connections.health();
  }

  /**
   * The transport's part of {@code EventBus.health()}: DOWN while Redis does not answer or after
   * close, DEGRADED while buffered envelopes wait to be sent, else UP.
   */
  @Override
  public Health.Component health() {
    RedisHealth state = connections.health();
    String buffered = state.buffered() == 0 ? ""
        : "; " + state.buffered() + " published envelope(s) buffered, not yet in Redis";
    return switch (state.status()) {
      case UP -> state.buffered() == 0
          ? Health.Component.up("Redis answers (" + state.reason() + ")")
          : Health.Component.degraded("Redis answers again" + buffered);
      case DOWN -> Health.Component.down("Redis does not answer since " + state.since() + ": "
          + state.reason() + buffered);
      case CLOSED -> Health.Component.down("The Redis transport is closed" + buffered);
    };
  }

  @Override
  public void send(Envelope<?> envelope) {
    if (closed) {
      throw new TransportException("RedisTransport to " + connections.where() + " is closed; "
          + envelope.type() + " " + envelope.id() + " was not sent");
    }
    Pending entry = new Pending(streamOf(envelope.type()), envelope.type(), WRITER.toJson(envelope),
        envelope.id());
    if (settings.connectionLoss.buffers()) {
      synchronized (bufferLock) {
        if (!buffer.isEmpty()) {
          enqueue(entry, null);
          return;
        }
      }
    }
    try {
      await(xadd(entry), settings.publishTimeout);
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      connections.down("publishing failed: " + cause);
      if (settings.connectionLoss.buffers() && !(cause instanceof RedisCommandExecutionException)) {
        synchronized (bufferLock) {
          enqueue(entry, cause);
        }
        return;
      }
      throw new TransportException("Could not publish " + envelope.type() + " " + envelope.id()
          + " to Redis stream " + entry.stream + " at " + connections.where() + ": " + cause
          + ". Check that Redis is up and reachable, or configure ConnectionLoss.buffer(n)", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while publishing " + envelope.type() + " "
          + envelope.id() + " to " + entry.stream, e);
    }
  }

  private void enqueue(Pending entry, Throwable cause) {
    if (buffer.size() >= settings.connectionLoss.capacity()) {
      throw new TransportException("Could not publish " + entry.type + " " + entry.eventId
          + " to Redis stream " + entry.stream + " at " + connections.where() + ": Redis is away"
          + (cause == null ? "" : " (" + cause + ")") + " and the publish buffer is full ("
          + buffer.size() + " envelopes)", cause);
    }
    buffer.addLast(entry);
    if (flusherThread == null) {
      flusherThread = new Thread(this::flush, "herald-redis-flush-" + settings.namespace);
      flusherThread.setDaemon(true);
      flusherThread.start();
    }
    bufferLock.notifyAll();
  }

  private RedisFuture<String> xadd(Pending entry) {
    Map<String, byte[]> body = new HashMap<>(4);
    body.put(TYPE, entry.type.getBytes(UTF_8));
    body.put(EVENT, entry.json);
    return commands().xadd(entry.stream, settings.retention.xaddArgs(settings.clock), body);
  }

  private <T> T await(CompletionStage<T> stage, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    T value = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    connections.up();
    return value;
  }

  private RedisAsyncCommands<String, byte[]> commands() {
    return connections.shared().async();
  }

  @Override
  public synchronized void start(Inbound inbound) {
    if (this.inbound != null || closed) {
      return;
    }
    this.inbound = inbound;
    this.wire = CloudEvents.of(inbound.events()).withLimits(settings.limits);
    this.groupName = settings.group != null ? settings.group : inbound.source();
    this.consumerName = settings.consumer != null ? settings.consumer
        : inbound.source() + "-" + ManagementFactory.getRuntimeMXBean().getName();
    Set<String> consumed = new LinkedHashSet<>();
    for (EventKey<?> key : inbound.events()) {
      if (carries(key) && consumes(key.name())) {
        consumed.add(streamOf(key.name()));
      }
    }
    this.streams = List.copyOf(consumed);
    deadLetters.scope(groupName);
    if (!streams.isEmpty()) {
      // Now, so that what is published once start() returned reaches this group; if Redis is away,
      // the consumer thread creates them when it connects.
      try {
        createGroups(connections.shared());
      } catch (RuntimeException e) {
        connections.down("could not create consumer groups: " + e);
        log.warn("RedisTransport could not create group {} on {} at {} yet: {}", groupName, streams,
            connections.where(), e.toString());
      }
    }
    running = true;
    if (!streams.isEmpty()) {
      consumerThread = new Thread(this::consume, "herald-redis-" + groupName);
      consumerThread.setDaemon(true);
      consumerThread.start();
    }
    log.info("RedisTransport consuming {} as {} in group {} at {}", streams, consumerName,
        groupName, connections.where());
  }

  private boolean consumes(String name) {
    if (settings.consumes == null) {
      return true;
    }
    for (String pattern : settings.consumes) {
      if (EventNames.matches(pattern, name)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- consuming

  /** The consumer thread: reads batches, claims abandoned entries now and then, hands them in. */
  private void consume() {
    Backoff backoff = new Backoff(settings.reconnectMin, settings.reconnectMax);
    StatefulRedisConnection<String, byte[]> reader = null;
    boolean groupsReady = false;
    long nextClaim = 0;
    Consumer<String> me = Consumer.from(groupName, consumerName);
    @SuppressWarnings("unchecked")
    XReadArgs.StreamOffset<String>[] offsets = streams.stream()
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
          // Acknowledged first, and answered: XACK goes on another connection, and an entry that
          // settled but is unacknowledged would be claimed and delivered a second time.
          awaitAcks(flushAcks());
          claimAbandoned(reader, me);
        }
        flushAcks();
        permits.acquire(settings.batchSize);
        List<StreamMessage<String, byte[]>> batch;
        try {
          batch = reader.sync().xreadgroup(me,
              XReadArgs.Builder.count(settings.batchSize).block(settings.blockTime), offsets);
        } finally {
          permits.release(settings.batchSize);
        }
        connections.up();
        if (backoff.failures > 0) {
          log.info("RedisTransport consumer {} of group {} reading again from {} after {} failed"
              + " attempts", consumerName, groupName, connections.where(), backoff.failures);
          backoff.reset();
        }
        for (StreamMessage<String, byte[]> message : batch) {
          if (!running) {
            break; // left pending: this or another consumer claims it later
          }
          handleSafely(message, 1);
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        if (e instanceof RedisCommandExecutionException && String.valueOf(e.getMessage())
            .startsWith("NOGROUP")) {
          log.warn("RedisTransport group {} vanished from {} (Redis restarted without its data?);"
              + " creating it again", groupName, connections.where());
          groupsReady = false;
          continue;
        }
        connections.down("consumer " + consumerName + ": " + e);
        boolean first = backoff.failures == 0;
        Duration wait = backoff.next();
        if (first) {
          log.warn("RedisTransport consumer {} of group {} at {} failed, retrying with backoff up to"
              + " {} (further failures at DEBUG): {}", consumerName, groupName, connections.where(),
              settings.reconnectMax, e.toString());
        } else {
          log.debug("RedisTransport consumer {} retrying in {} ms: {}", consumerName,
              wait.toMillis(), e.toString());
        }
        groupsReady = false;
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException stop) {
          break;
        }
      }
    }
  }

  private void createGroups(StatefulRedisConnection<String, byte[]> reader) {
    for (String stream : streams) {
      try {
        reader.sync().xgroupCreate(settings.startFromEarliest
            ? XReadArgs.StreamOffset.from(stream, "0-0")
            : XReadArgs.StreamOffset.latest(stream), groupName, XGroupCreateArgs.Builder.mkstream());
      } catch (RedisCommandExecutionException e) {
        if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
          throw e;
        }
      }
    }
  }

  /**
   * Claims the group's entries idle longer than {@code claimIdle} (left by a crashed consumer, or by
   * a failed delivery) and delivers them again, or dead-letters those delivered too often already.
   */
  private void claimAbandoned(StatefulRedisConnection<String, byte[]> reader,
      Consumer<String> me) throws InterruptedException {
    for (String stream : streams) {
      String cursor = "0-0";
      do {
        ClaimedMessages<String, byte[]> claimed = reader.sync().xautoclaim(stream,
            XAutoClaimArgs.Builder.xautoclaim(me, settings.claimIdle, cursor)
                .count(settings.batchSize));
        List<StreamMessage<String, byte[]>> messages = new ArrayList<>();
        for (StreamMessage<String, byte[]> message : claimed.getMessages()) {
          if (message != null && message.getBody() != null && !message.getBody().isEmpty()) {
            messages.add(message);
          }
        }
        if (!messages.isEmpty()) {
          Map<String, Long> deliveries = new HashMap<>();
          for (PendingMessage pending : reader.sync().xpending(stream, me,
              Range.create(messages.get(0).getId(), messages.get(messages.size() - 1).getId()),
              Limit.from(settings.batchSize * 4L))) {
            deliveries.put(pending.getId(), pending.getRedeliveryCount());
          }
          for (StreamMessage<String, byte[]> message : messages) {
            if (!running) {
              return;
            }
            if (inFlight.contains(inFlightKey(message))) {
              continue; // still being delivered here: a slow delivery, not an abandoned one
            }
            if (acks.contains(new Ack(message.getStream(), message.getId()))) {
              continue; // settled during this pass; acknowledged before the next read
            }
            Long known = deliveries.get(message.getId());
            long count = known != null ? known : deliveriesOf(reader, stream, me, message.getId());
            try {
              if (count > settings.maxDeliveries) {
                exhausted(message, count);
              } else {
                handle(message, count);
              }
            } catch (RuntimeException e) {
              log.error("RedisTransport could not handle claimed entry {} of {}; it stays pending:"
                  + " {}", message.getId(), stream, e.toString());
            }
          }
        }
        cursor = claimed.getId();
      } while (running && cursor != null && !cursor.equals("0-0"));
    }
  }

  /** One entry's delivery count, when the range query above did not reach it. */
  private static long deliveriesOf(StatefulRedisConnection<String, byte[]> reader, String stream,
      Consumer<String> me, String id) {
    List<PendingMessage> pending = reader.sync().xpending(stream, me, Range.create(id, id),
        Limit.from(1));
    return pending.isEmpty() ? 1 : pending.get(0).getRedeliveryCount();
  }

  /**
   * {@link #handle}, but a failure to dead-letter or reject one entry (Redis refused the script, say)
   * leaves that entry pending, to be claimed later, instead of stopping the batch.
   */
  private void handleSafely(StreamMessage<String, byte[]> message, long delivery)
      throws InterruptedException {
    try {
      handle(message, delivery);
    } catch (RuntimeException e) {
      if (!running) {
        throw e;
      }
      log.error("RedisTransport could not handle entry {} of {}; it stays pending: {}",
          message.getId(), message.getStream(), e.toString());
    }
  }

  /** Decodes an entry and hands it to the bus; settles it when the bus's outcome arrives. */
  private void handle(StreamMessage<String, byte[]> message, long delivery)
      throws InterruptedException {
    byte[] json = message.getBody().get(EVENT);
    Envelope<?> envelope;
    try {
      if (json == null) {
        throw new EventDecodingException(RedisDeadLetterStore.text(message.getBody(), TYPE), "$",
            -1, -1, -1, "the stream entry has no \"" + EVENT + "\" field, only "
                + message.getBody().keySet(), null);
      }
      envelope = wire.fromJson(json);
    } catch (EventDecodingException e) {
      reject(message, e.getMessage());
      return;
    } catch (RuntimeException e) {
      reject(message, "cannot decode: " + e);
      return;
    }
    String key = inFlightKey(message);
    permits.acquire();
    inFlight.add(key);
    unsettled.incrementAndGet();
    CompletionStage<DeliveryOutcome> outcome;
    try {
      outcome = inbound.deliver(envelope);
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    outcome.whenComplete((result, error) -> {
      try {
        settle(message, envelope, delivery, result, error);
      } catch (RuntimeException e) {
        log.error("RedisTransport could not settle entry {} of {} ({} {}); it stays pending and"
            + " will be delivered again", message.getId(), message.getStream(), envelope.type(),
            envelope.id(), e);
      } finally {
        inFlight.remove(key);
        permits.release();
        if (unsettled.decrementAndGet() == 0) {
          synchronized (unsettled) {
            unsettled.notifyAll();
          }
        }
      }
    });
  }

  private void settle(StreamMessage<String, byte[]> message, Envelope<?> envelope, long delivery,
      DeliveryOutcome outcome, Throwable error) {
    if (error == null && outcome.succeeded()) {
      acks.add(new Ack(message.getStream(), message.getId()));
      return;
    }
    boolean shutdown = error == null && outcome.failures().stream()
        .allMatch(f -> f.reason().equals("SHUTDOWN"));
    if (shutdown) {
      return; // the bus is closing: left pending for the group
    }
    if (delivery < settings.maxDeliveries) {
      log.warn("RedisTransport delivery {} of {} of {} {} (entry {} of {}) failed: {}; it stays"
              + " pending and is delivered again after {}", delivery, settings.maxDeliveries,
          envelope.type(), envelope.id(), message.getId(), message.getStream(),
          error != null ? error.toString() : outcome.failures(), settings.claimIdle);
      return;
    }
    Instant now = settings.clock.instant();
    if (error != null) {
      deadLetters.deadLetter(new DeadLetter(RedisDeadLetterStore.newId(), envelope,
          DeadLetter.NO_SUBSCRIBER, DeadLetter.Reason.FAILED, error.getClass().getName(),
          error.getMessage(), null, (int) delivery, now, now), groupName, message.getStream(),
          message.getId());
    } else {
      // One letter per failed subscriber; the entry is acknowledged with the last of them.
      List<DeliveryOutcome.Failure> failures = outcome.failures();
      for (int i = 0; i < failures.size(); i++) {
        DeliveryOutcome.Failure failure = failures.get(i);
        DeadLetter letter = new DeadLetter(RedisDeadLetterStore.newId(), envelope,
            failure.subscriber(), reasonOf(failure), failure.errorType(),
            failure.message() + " (delivery " + delivery + " of " + settings.maxDeliveries + ")",
            null, failure.attempts(), now, now);
        if (i == failures.size() - 1) {
          deadLetters.deadLetter(letter, groupName, message.getStream(), message.getId());
        } else {
          deadLetters.add(letter, groupName);
        }
      }
    }
    log.error("RedisTransport dead-lettered {} {} (entry {} of {}) for group {} after {}"
            + " deliveries: {}", envelope.type(), envelope.id(), message.getId(),
        message.getStream(), groupName, delivery,
        error != null ? error.toString() : outcome.failures());
  }

  /**
   * Acknowledges what succeeded since the last call: one XACK per stream, pipelined. Completes when
   * Redis has answered them all.
   */
  private CompletableFuture<Void> flushAcks() {
    if (acks.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Map<String, List<String>> byStream = new HashMap<>();
    for (Ack ack; (ack = acks.poll()) != null; ) {
      byStream.computeIfAbsent(ack.stream, s -> new ArrayList<>()).add(ack.entry);
    }
    List<CompletableFuture<?>> sent = new ArrayList<>();
    byStream.forEach((stream, ids) -> sent.add(commands()
        .xack(stream, groupName, ids.toArray(String[]::new)).whenComplete((n, e) -> {
          if (e != null) {
            log.warn("RedisTransport could not acknowledge {} entries of {}: {}; they stay pending"
                + " and will be delivered again", ids.size(), stream, e.toString());
          }
        }).toCompletableFuture()));
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** Waits up to publishTimeout for {@link #flushAcks}; a failure was logged there already. */
  private void awaitAcks(CompletableFuture<Void> sent) throws InterruptedException {
    try {
      sent.get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("RedisTransport claims without all acknowledgements answered: {}", e.toString());
    }
  }

  private record Ack(String stream, String entry) {}

  private static DeadLetter.Reason reasonOf(DeliveryOutcome.Failure failure) {
    try {
      return DeadLetter.Reason.valueOf(failure.reason());
    } catch (IllegalArgumentException e) {
      return DeadLetter.Reason.FAILED;
    }
  }

  /** An entry delivered {@code count} times without an acknowledgement: its consumers crashed. */
  private void exhausted(StreamMessage<String, byte[]> message, long count) {
    Envelope<?> envelope;
    try {
      envelope = wire.fromJson(message.getBody().get(EVENT));
    } catch (RuntimeException e) {
      reject(message, "cannot decode: " + e.getMessage());
      return;
    }
    Instant now = settings.clock.instant();
    deadLetters.deadLetter(new DeadLetter(RedisDeadLetterStore.newId(), envelope,
        DeadLetter.NO_SUBSCRIBER, DeadLetter.Reason.FAILED, null,
        "delivered " + (count - 1) + " times to group " + groupName
            + " without an acknowledgement (consumers crashed or timed out); maxDeliveries is "
            + settings.maxDeliveries, null, (int) count - 1, now, now),
        groupName, message.getStream(), message.getId());
    log.error("RedisTransport dead-lettered {} {} (entry {} of {}) for group {}: delivered {} times"
        + " without an acknowledgement", envelope.type(), envelope.id(), message.getId(),
        message.getStream(), groupName, count - 1);
  }

  private void reject(StreamMessage<String, byte[]> message, String reason) {
    String type = RedisDeadLetterStore.text(message.getBody(), TYPE);
    log.error("RedisTransport rejected entry {} of {} for group {} (type {}): {}; moved to {}",
        message.getId(), message.getStream(), groupName, type, reason, deadLetters.stream());
    deadLetters.reject(groupName, message, type, reason);
  }

  private static String inFlightKey(StreamMessage<String, byte[]> message) {
    return message.getStream() + "/" + message.getId();
  }

  // ---------------------------------------------------------------- the publish buffer

  /** Sends buffered envelopes in order once Redis answers again. */
  private void flush() {
    Backoff backoff = new Backoff(settings.reconnectMin, settings.reconnectMax);
    while (!closed) {
      Pending head;
      synchronized (bufferLock) {
        while (buffer.isEmpty() && !closed) {
          try {
            bufferLock.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
        head = buffer.peekFirst();
      }
      if (head == null) {
        return;
      }
      try {
        await(xadd(head), settings.publishTimeout);
        synchronized (bufferLock) {
          buffer.pollFirst();
        }
        backoff.reset();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        try {
          Thread.sleep(backoff.next().toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void close() {
    Thread consumer;
    synchronized (this) {
      if (closed) {
        return;
      }
      running = false;
      consumer = consumerThread;
    }
    if (consumer != null) {
      // Not interrupted at first: a read in progress returns within blockTime, and its entries are
      // handed in rather than left pending in this consumer.
      join(consumer, settings.blockTime.plusSeconds(2));
      if (consumer.isAlive()) {
        consumer.interrupt();
        join(consumer, Duration.ofSeconds(2));
      }
    }
    long deadline = System.nanoTime() + settings.closeTimeout.toNanos();
    synchronized (unsettled) {
      while (unsettled.get() > 0 && System.nanoTime() < deadline) {
        try {
          unsettled.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (unsettled.get() > 0) {
      log.warn("RedisTransport closed with {} deliveries unsettled after {}; they stay pending for"
          + " group {}", unsettled.get(), settings.closeTimeout, groupName);
    }
    try {
      flushAcks();
    } catch (RuntimeException e) {
      log.warn("RedisTransport could not acknowledge its last entries; they stay pending: {}",
          e.toString());
    }
    flushBeforeClose();
    synchronized (this) {
      closed = true;
    }
    synchronized (bufferLock) {
      if (!buffer.isEmpty()) {
        log.error("RedisTransport closed with {} published envelopes still buffered: Redis never"
            + " came back; they are lost: {}", buffer.size(),
            buffer.stream().map(p -> p.type + " " + p.eventId).toList());
      }
      bufferLock.notifyAll();
    }
    synchronized (bufferLock) {
      if (flusherThread != null) {
        flusherThread.interrupt();
      }
    }
    if (connections.health().isUp() && consumerName != null) {
      forgetConsumerIfIdle();
    }
    if (connections.health().isUp()) {
      try {
        // Commands are answered in order: once PING is, the acknowledgements before it reached Redis.
        commands().ping().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        log.warn("RedisTransport could not confirm its last acknowledgements: {}", e.toString());
      }
    }
    connections.close();
  }

  /**
   * Removes this consumer from its group on the streams where it holds nothing pending, so that
   * groups do not collect the names of processes long gone. Where it still holds entries it stays,
   * and another consumer claims them.
   */
  private void forgetConsumerIfIdle() {
    Consumer<String> me = Consumer.from(groupName, consumerName);
    for (String stream : streams) {
      try {
        RedisAsyncCommands<String, byte[]> commands = commands();
        List<PendingMessage> held = commands.xpending(stream, me, Range.create("-", "+"),
            Limit.from(1)).get(2, TimeUnit.SECONDS);
        if (held.isEmpty()) {
          commands.xgroupDelconsumer(stream, me).get(2, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        log.debug("RedisTransport could not remove consumer {} from {}: {}", consumerName, stream,
            e.toString());
      }
    }
  }

  private void flushBeforeClose() {
    long deadline = System.nanoTime() + settings.publishTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (bufferLock) {
        if (buffer.isEmpty()) {
          return;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void join(Thread thread, Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "RedisTransport[" + settings + "]";
  }

  static String requireNamespace(String namespace) {
    if (namespace == null || namespace.isBlank() || namespace.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("A Redis namespace must be non-blank without whitespace, got \""
          + namespace + "\"");
    }
    return namespace;
  }

  private record Pending(String stream, String type, byte[] json, String eventId) {}

  /** Exponential backoff with full jitter between {@code min} and {@code max}. */
  private static final class Backoff {
    private final Duration min;
    private final Duration max;
    private int failures;

    Backoff(Duration min, Duration max) {
      this.min = min;
      this.max = max;
    }

    Duration next() {
      long cap = Math.min(max.toMillis(), min.toMillis() << Math.min(failures++, 20));
      long wait = min.toMillis() + (long) (Math.random() * Math.max(0, cap - min.toMillis()));
      return Duration.ofMillis(wait);
    }

    void reset() {
      failures = 0;
    }
  }

  // ---------------------------------------------------------------- configuration

  /** The transport's configuration; its {@code toString} shows no credentials. */
  static final class Settings {
    String where;
    String namespace = "herald";
    StreamLayout layout = StreamLayout.PER_EVENT_TYPE;
    List<String> carries = List.of();
    List<String> consumes;
    String group;
    String consumer;
    int batchSize = 64;
    int maxInFlight = 1024;
    Duration blockTime = Duration.ofSeconds(1);
    Duration claimIdle = Duration.ofSeconds(30);
    int maxDeliveries = 5;
    Retention retention = Retention.none();
    ConnectionLoss connectionLoss = ConnectionLoss.failFast();
    Duration publishTimeout = Duration.ofSeconds(5);
    Duration closeTimeout = Duration.ofSeconds(10);
    Duration reconnectMin = Duration.ofMillis(50);
    Duration reconnectMax = Duration.ofSeconds(5);
    boolean startFromEarliest;
    JsonLimits limits = JsonLimits.defaults();
    CloudEvents wire;
    Clock clock = Clock.systemUTC();

    Settings copy() {
      Settings copy = new Settings();
      copy.where = where;
      copy.namespace = namespace;
      copy.layout = layout;
      copy.carries = carries;
      copy.consumes = consumes;
      copy.group = group;
      copy.consumer = consumer;
      copy.batchSize = batchSize;
      copy.maxInFlight = maxInFlight;
      copy.blockTime = blockTime;
      copy.claimIdle = claimIdle;
      copy.maxDeliveries = maxDeliveries;
      copy.retention = retention;
      copy.connectionLoss = connectionLoss;
      copy.publishTimeout = publishTimeout;
      copy.closeTimeout = closeTimeout;
      copy.reconnectMin = reconnectMin;
      copy.reconnectMax = reconnectMax;
      copy.startFromEarliest = startFromEarliest;
      copy.limits = limits;
      copy.wire = wire;
      copy.clock = clock;
      return copy;
    }

    Duration claimInterval() {
      long half = claimIdle.toMillis() / 2;
      return Duration.ofMillis(Math.max(100, Math.min(half, 5_000)));
    }

    @Override
    public String toString() {
      return where + ", namespace " + namespace + ", " + layout
          + (carries.isEmpty() ? "" : ", carries " + carries)
          + (consumes == null ? "" : ", consumes " + consumes)
          + (group == null ? "" : ", group " + group)
          + (consumer == null ? "" : ", consumer " + consumer)
          + ", batch " + batchSize + ", block " + blockTime + ", claim idle " + claimIdle
          + ", max deliveries " + maxDeliveries + ", retention " + retention + ", on connection loss "
          + connectionLoss;
    }
  }

  /** Configures a {@link RedisTransport}; {@link #uri} or {@link #client} is required. */
  public static final class Builder {
    private final Settings settings = new Settings();
    private RedisURI uri;
    private RedisClient client;

    private Builder() {}

    /**
     * Where Redis is, e.g. {@code redis://127.0.0.1:6379}, {@code redis://user:secret@host:6379/0}
     * or {@code rediss://...} for TLS; see Lettuce's {@code RedisURI}.
     */
    public Builder uri(String uri) {
      return uri(RedisURI.create(Objects.requireNonNull(uri, "uri")));
    }

    public Builder uri(RedisURI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /**
     * A Redis ACL user and password (Redis 6+), or {@code null} user for {@code requirepass}; kept in
     * the {@code RedisURI}, never logged.
     */
    public Builder authentication(String username, char[] password) {
      requireUri("authentication");
      RedisURI.Builder with = RedisURI.builder(uri);
      if (username == null) {
        with.withPassword(password);
      } else {
        with.withAuthentication(username, password);
      }
      this.uri = with.build();
      return this;
    }

    /** TLS to Redis, verifying its certificate against the JVM's trust store. */
    public Builder tls(boolean tls) {
      requireUri("tls");
      this.uri = RedisURI.builder(uri).withSsl(tls).build();
      return this;
    }

    /**
     * A client of the caller's (its options, resources, TLS settings), connected with {@code uri}
     * when one is given, else with the URI it was created with. The transport does not shut it down.
     */
    public Builder client(RedisClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Prefix of every key, e.g. {@code hotel}: streams are {@code hotel:stream:...}; default herald. */
    public Builder namespace(String namespace) {
      settings.namespace = requireNamespace(namespace);
      return this;
    }

    public Builder layout(StreamLayout layout) {
      settings.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /**
     * The events that travel over Redis, as names or patterns ({@code task:*}); the others stay in
     * the process. Default: every event outside Herald's own {@code herald} namespace.
     */
    public Builder carries(String... patterns) {
      settings.carries = patterns(patterns);
      return this;
    }

    /**
     * Of the carried events, those this process consumes (default all): the transport reads the
     * streams of these, as a consumer of its group. {@code consumes()} with no pattern: publish only.
     */
    public Builder consumes(String... patterns) {
      settings.consumes = patterns(patterns);
      return this;
    }

    private static List<String> patterns(String... patterns) {
      for (String pattern : patterns) {
        EventNames.requireValidPattern(pattern);
      }
      return List.of(patterns);
    }

    /** The consumer group, one per service; default the bus's source. */
    public Builder group(String group) {
      settings.group = requireName(group, "group");
      return this;
    }

    /** This process's consumer name in the group; default {@code <source>-<pid>@<host>}. */
    public Builder consumer(String consumer) {
      settings.consumer = requireName(consumer, "consumer");
      return this;
    }

    /** Entries per {@code XREADGROUP} and per claim; default 64. */
    public Builder batchSize(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + entries);
      }
      settings.batchSize = entries;
      settings.maxInFlight = Math.max(settings.maxInFlight, entries * 2);
      return this;
    }

    /** Entries handed to the bus and not yet settled, at most; default 1024. */
    public Builder maxInFlight(int entries) {
      if (entries < settings.batchSize) {
        throw new IllegalArgumentException("maxInFlight must be at least batchSize ("
            + settings.batchSize + "), got " + entries);
      }
      settings.maxInFlight = entries;
      return this;
    }

    /** How long one {@code XREADGROUP} waits for entries; default 1 second. */
    public Builder blockTime(Duration block) {
      settings.blockTime = positive(block, "blockTime");
      return this;
    }

    /**
     * How long an entry stays pending before a consumer of the group claims it and delivers it again;
     * default 30 seconds. Make it longer than your slowest delivery with its retries, or a slow
     * delivery is claimed and runs twice.
     */
    public Builder claimIdle(Duration idle) {
      settings.claimIdle = positive(idle, "claimIdle");
      return this;
    }

    /** Deliveries of one entry before it is dead-lettered; default 5. */
    public Builder maxDeliveries(int deliveries) {
      if (deliveries < 1) {
        throw new IllegalArgumentException("maxDeliveries must be at least 1, got " + deliveries);
      }
      settings.maxDeliveries = deliveries;
      return this;
    }

    public Builder retention(Retention retention) {
      settings.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    public Builder connectionLoss(ConnectionLoss policy) {
      settings.connectionLoss = Objects.requireNonNull(policy, "connectionLoss");
      return this;
    }

    /** How long {@code publish} waits for Redis's reply; default 5 seconds. */
    public Builder publishTimeout(Duration timeout) {
      settings.publishTimeout = positive(timeout, "publishTimeout");
      return this;
    }

    /** How long {@code close} waits for deliveries in progress to settle; default 10 seconds. */
    public Builder closeTimeout(Duration timeout) {
      settings.closeTimeout = positive(timeout, "closeTimeout");
      return this;
    }

    /** Reconnection backoff bounds; default 50 ms to 5 s, exponential with jitter. */
    public Builder reconnectBackoff(Duration min, Duration max) {
      settings.reconnectMin = positive(min, "reconnect minimum");
      settings.reconnectMax = positive(max, "reconnect maximum");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("reconnect maximum " + max + " is below minimum " + min);
      }
      return this;
    }

    /**
     * Whether a group created by this transport starts at the beginning of the stream (what it still
     * retains) instead of at its end; default false: a new service sees events published from now on.
     */
    public Builder startFromEarliest(boolean earliest) {
      settings.startFromEarliest = earliest;
      return this;
    }

    /** Bounds on received documents; default {@link JsonLimits#defaults()}. */
    public Builder limits(JsonLimits limits) {
      settings.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The contracts the dead-letter store decodes with; default those on the class path. */
    public Builder deadLetterContracts(CloudEvents wire) {
      settings.wire = Objects.requireNonNull(wire, "wire");
      return this;
    }

    public Builder clock(Clock clock) {
      settings.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the transport; it connects on first use, so Redis may still be starting. */
    public RedisTransport build() {
      if (uri == null && client == null) {
        throw new IllegalStateException("RedisTransport needs uri(...) or client(...)");
      }
      RedisClient actual = client;
      ClientResources resources = null;
      if (actual == null) {
        resources = ClientResources.builder()
            .reconnectDelay(Delay.exponential(settings.reconnectMin, settings.reconnectMax, 2,
                TimeUnit.MILLISECONDS))
            .build();
        actual = RedisClient.create(resources, uri);
        actual.setOptions(ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
      }
      settings.where = uri != null ? Connections.describe(uri) : "the caller's RedisClient";
      return new RedisTransport(settings.copy(),
          new Connections(actual, resources, uri, client == null, settings.clock));
    }

    @Override
    public String toString() {
      settings.where = uri != null ? Connections.describe(uri) : "the caller's RedisClient";
      return "RedisTransport.Builder[" + settings + "]";
    }

    private void requireUri(String what) {
      if (uri == null) {
        throw new IllegalStateException("Set uri(...) before " + what + "(...)");
      }
    }

    private static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + duration);
      }
      return duration;
    }

    private static String requireName(String name, String what) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("A " + what + " name must not be blank");
      }
      return name;
    }
  }
}
