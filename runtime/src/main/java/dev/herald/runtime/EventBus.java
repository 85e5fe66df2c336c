package dev.herald.runtime;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.internal.BusConfig;
import dev.herald.runtime.internal.CoarseClock;
import dev.herald.runtime.internal.DefaultEventBus;
import dev.herald.runtime.observability.BusMetrics;
import dev.herald.runtime.observability.EventHistory;
import dev.herald.runtime.observability.EventStatus;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.MdcKeys;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.wire.CloudEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.event.Level;

/**
 * Publishes events to listeners in this process, with the delivery modes of
 * {@link dev.herald.annotations.Delivery}, retries and dead letters.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder().source("gateway").build();   // finds every module's catalog
 * bus.register(new FrontDesk());                                  // its @Subscribe methods
 * bus.subscribe(TaskCreated.class, task -> assign(task));
 * Envelope<MessageReceived> sent = bus.publish(new MessageReceived(...));
 * bus.close();                                                    // drains, then refuses events
 * }</pre>
 *
 * <p>Semantics: SYNC subscribers run on the publisher's thread by priority then registration order,
 * each seeing events in publish order, also those published from inside listeners. ASYNC subscribers
 * run on the bus's executor; ORDERED subscribers run first-in first-out per ordering key and in
 * parallel across keys. A failing subscriber never affects another one or the publisher: it is
 * retried with exponential backoff and, after its last attempt, dead-lettered, unless its
 * {@link dev.herald.annotations.FailurePolicy} says otherwise ({@code PROPAGATE}: {@code publish}
 * throws its exception once every SYNC subscriber has run; {@code LOG}: logged and dropped).
 * Inside a listener,
 * publishing inherits the correlation id and tenant and sets the causation id. All methods are
 * thread-safe; subscribing and cancelling never block publishing.
 */
public interface EventBus extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /** Publishes {@code payload}, an {@code @Event} record, and returns its envelope. */
  default <T extends Record> Envelope<T> publish(T payload) {
    return publish(payload, Metadata.none());
  }

  <T extends Record> Envelope<T> publish(T payload, Metadata metadata);

  default <T extends Record> Envelope<T> publish(EventKey<T> key, T payload) {
    return publish(key, payload, Metadata.none());
  }

  <T extends Record> Envelope<T> publish(EventKey<T> key, T payload, Metadata metadata);

  /**
   * Publishes {@code payload} and returns the outcome of every SYNC subscriber that heard it, in
   * the order they ran, instead of throwing: for a caller that decides what a failure means (roll
   * back, answer with an error). Failures still follow each subscriber's failure policy (retried
   * then dead-lettered by default; a {@code PROPAGATE} subscriber's failure is only reported here).
   * Asynchronous subscribers are not waited for. A {@code PROPAGATE} failure of an event that a
   * listener published meanwhile is thrown, as {@code publish} would.
   *
   * @throws IllegalStateException inside a SYNC listener of this bus (where the event is
   *     delivered only after the listener returns), or for an event a transport carries
   */
  <T extends Record> PublishResult<T> publishAndCollect(T payload, Metadata metadata);

  /** As {@link #publishAndCollect(Record, Metadata)}, with no metadata. */
  default <T extends Record> PublishResult<T> publishAndCollect(T payload) {
    return publishAndCollect(payload, Metadata.none());
  }

  /** As {@link #publishAndCollect(Record, Metadata)}, for the event of {@code key}. */
  <T extends Record> PublishResult<T> publishAndCollect(EventKey<T> key, T payload,
      Metadata metadata);

  /**
   * Delivers an envelope that was published before, as it is (same id, time and metadata), to this
   * bus's subscribers: an event replayed from an {@link EventStore}, or received from another
   * process. It is not appended to the event store again.
   */
  void deliver(Envelope<?> envelope);

  /**
   * Publishes without waiting for the bus's transport: for an event a transport carries, the stage
   * completes with the envelope once the transport holds it (for Redis, once {@code XADD} is
   * answered), or exceptionally with the {@link TransportException} that {@code publish} would
   * have thrown. A publisher can so keep many events in flight, sent pipelined on one connection,
   * instead of waiting a round trip for each; the transport bounds how many (beyond the bound this
   * call waits). Events the bus keeps in the process are published as by {@code publish}, and the
   * stage is already complete. Errors found before sending (an unknown event, a closed bus, a full
   * queue) are thrown, as by {@code publish}.
   */
  <T extends Record> CompletionStage<Envelope<T>> publishAsync(T payload, Metadata metadata);

  /** As {@link #publishAsync(Record, Metadata)}, without metadata. */
  default <T extends Record> CompletionStage<Envelope<T>> publishAsync(T payload) {
    return publishAsync(payload, Metadata.none());
  }

  /**
   * Publishes each payload in order with the same metadata, and returns once every one is
   * published. Events a transport carries are sent pipelined ({@link #publishAsync}) and awaited
   * together; if any could not be sent, the others still were, and this throws a
   * {@link TransportException} for the first failure with the others suppressed.
   */
  default List<Envelope<?>> publishAll(Collection<? extends Record> payloads, Metadata metadata) {
    List<CompletableFuture<? extends Envelope<?>>> sent = new ArrayList<>(payloads.size());
    for (Record payload : payloads) {
      sent.add(publishAsync(payload, metadata).toCompletableFuture());
    }
    List<Envelope<?>> envelopes = new ArrayList<>(sent.size());
    TransportException failed = null;
    for (CompletableFuture<? extends Envelope<?>> envelope : sent) {
      try {
        envelopes.add(envelope.join());
      } catch (CompletionException e) {
        TransportException cause = e.getCause() instanceof TransportException transport
            ? transport : new TransportException("Could not publish: " + e.getCause(), e.getCause());
        if (failed == null) {
          failed = cause;
        } else {
          failed.addSuppressed(cause);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
    return envelopes;
  }

  default List<Envelope<?>> publishAll(Collection<? extends Record> payloads) {
    return publishAll(payloads, Metadata.none());
  }

  /**
   * Registers a listener object: every {@code @Subscribe} method of its class and superclasses,
   * through the dispatchers the processor generated.
   *
   * @throws IllegalArgumentException if the processor generated no dispatcher for its class
   */
  default Registration register(Object listener) {
    return register(listener, null);
  }

  /** Registers a listener that hears only the events of {@code tenant} (null: every event). */
  Registration register(Object listener, String tenant);

  default <T extends Record> Subscription subscribe(Class<T> type, Consumer<? super T> handler) {
    return subscribe(type, handler, SubscribeOptions.defaults());
  }

  <T extends Record> Subscription subscribe(
      Class<T> type, Consumer<? super T> handler, SubscribeOptions options);

  default <T extends Record> Subscription subscribe(EventKey<T> key, Consumer<? super T> handler) {
    return subscribe(key, handler, SubscribeOptions.defaults());
  }

  default <T extends Record> Subscription subscribe(
      EventKey<T> key, Consumer<? super T> handler, SubscribeOptions options) {
    return subscribe(key.payloadType(), handler, options);
  }

  /** Hears every event whose name matches {@code pattern}, e.g. {@code "task:*"}. */
  default Subscription subscribe(String pattern, Consumer<Envelope<?>> handler) {
    return subscribe(pattern, handler, SubscribeOptions.defaults());
  }

  Subscription subscribe(String pattern, Consumer<Envelope<?>> handler, SubscribeOptions options);

  /** Hears {@code key}'s events with their envelopes. */
  <T extends Record> Subscription subscribeEnvelopes(
      EventKey<T> key, Consumer<Envelope<T>> handler, SubscribeOptions options);

  /**
   * Subscribes a handler of batches: up to {@code options}' batch size of events at once, in the
   * order they were published, delivered when the batch is full, when its first event has waited
   * the maximum wait, and when the bus closes ({@link SubscribeOptions#batch}). A batch is
   * retried as a whole; when its last attempt fails, each of its events is dead-lettered on its
   * own. ASYNC unless the options say ORDERED (one batch at a time, so events keep their order).
   *
   * <pre>{@code
   * bus.subscribeBatch(EventMap.AUDIT_LOG, store::appendAll,
   *     SubscribeOptions.named("audit-writer").batch(100, Duration.ofMillis(50)));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code options} set no batch
   */
  <T extends Record> Subscription subscribeBatch(EventKey<T> key,
      Consumer<? super List<T>> handler, SubscribeOptions options);

  /**
   * Hears {@code key}'s events with a handler whose {@code CompletionStage} decides each
   * delivery's outcome: it counts as done when the stage completes, and as failed (then retried or
   * dead-lettered) when it fails or outlives the options' {@linkplain DeliveryOptions#timeout
   * timeout}. ASYNC and ORDERED deliveries hold their place (an ORDERED key waits) until then; a
   * SYNC delivery returns to the publisher at once, and its stage has no time limit.
   */
  <T extends Record> Subscription subscribeAsync(EventKey<T> key,
      Function<? super T, ? extends CompletionStage<?>> handler, SubscribeOptions options);

  /** Hears one event of {@code type}, then cancels itself. */
  default <T extends Record> Subscription once(Class<T> type, Consumer<? super T> handler) {
    return subscribe(type, handler, SubscribeOptions.defaults().once());
  }

  /** What this bus counted: per event type and tenant, with handler latency; see {@link BusMetrics}. */
  BusMetrics metrics();

  /**
   * The most recent events with their status, if the bus was built with
   * {@link Builder#history(int)}; otherwise an empty history that keeps nothing.
   */
  EventHistory history();

  /** Where an event stands with its subscribers, while it is in the {@linkplain #history history}. */
  default java.util.Optional<EventStatus> status(String eventId) {
    return history().status(eventId);
  }

  /** Whether the bus can do its job, per component; cheap enough for a liveness probe. */
  Health health();

  /**
   * Starts receiving from the bus's {@linkplain Builder#transport transport}: call it once the
   * listeners are registered, so that no received event finds nobody to hear it. Publishing works
   * before. Without a transport it does nothing. Idempotent.
   *
   * @return this bus
   */
  EventBus start();

  /** Where failed deliveries go; list, count and purge them here, replay them with {@link #replay}. */
  DeadLetterStore deadLetters();

  /**
   * Delivers a dead letter again, once, on the calling thread: to the subscriber of the same name,
   * or to every current subscriber if nobody heard it. The caller waits for a stage the listener
   * returns, within the subscriber's timeout (none for SYNC). On success the letter is deleted; on
   * failure it stays, with the new error.
   *
   * @return whether the delivery succeeded
   * @throws IllegalStateException if no active subscriber has the letter's subscriber name
   */
  boolean replay(DeadLetter letter);

  /** Replays every matching letter (one page of the query); returns how many succeeded. */
  int replay(DeadLetterQuery query);

  /**
   * Waits until no asynchronous delivery or retry is queued or running. Meanwhile batches do not
   * wait to fill: those being filled are delivered at once, as are those that start during the
   * wait, since whoever waits for the bus to be idle wants them done, not fuller.
   *
   * @return true if the bus became idle within {@code timeout}
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException;

  /** The name this bus stamps on envelopes as their source. */
  String source();

  /** Every event this bus knows from its catalogs. */
  List<EventKey<?>> events();

  /** The key of a payload class, if the bus knows it. */
  <T extends Record> java.util.Optional<EventKey<T>> keyOf(Class<T> payloadType);

  /** Closes with a 30-second deadline; see {@link #close(Duration)}. */
  @Override
  default void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Refuses new events and subscriptions from now on (with {@link BusClosedException}), waits up to
   * {@code timeout} for queued and running deliveries, dead-letters whatever did not finish, and
   * stops the bus's threads.
   *
   * @return true if everything finished within the deadline
   */
  boolean close(Duration timeout);

  /** Configures an {@link EventBus}; every option has a default. */
  final class Builder {
    private String source = "herald";
    private final List<Catalog> catalogs = new ArrayList<>();
    private boolean discover = true;
    private ClassLoader classLoader;
    private Executor executor;
    private int asyncThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int queueCapacity = 8192;
    private BackpressurePolicy backpressure = BackpressurePolicy.BLOCK;
    private Duration blockTimeout = Duration.ofSeconds(5);
    private RetryPolicy retry = RetryPolicy.defaults();
    private DeadLetterStore deadLetters;
    private EventStore eventStore;
    private Clock clock = CoarseClock.UTC;
    private IdGenerator ids;
    private int listenerLimit = 50;
    private int listenerWarning = 40;
    private final Map<EventKey<?>, int[]> listenerLimits = new HashMap<>();
    private Transport transport;
    private boolean metrics = true;
    private int historyCapacity;
    private boolean mdc = true;
    private final Map<String, Level> logLevels = new LinkedHashMap<>();
    private int deadLetterAlarm = 1;

    private Builder() {}

    /** The name stamped on envelopes as their source, e.g. {@code gateway}; default {@code herald}. */
    public Builder source(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("A bus source must not be blank");
      }
      this.source = name;
      return this;
    }

    /** Adds catalogs explicitly, besides (or, with {@code discoverCatalogs(false)}, instead of) discovery. */
    public Builder catalogs(Catalog... more) {
      catalogs.addAll(List.of(more));
      return this;
    }

    /** Whether to find catalogs with {@link java.util.ServiceLoader}; default true. */
    public Builder discoverCatalogs(boolean discover) {
      this.discover = discover;
      return this;
    }

    /** The class loader to discover catalogs in; default the thread's context class loader. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "classLoader");
      return this;
    }

    /**
     * Runs ASYNC and ORDERED deliveries on {@code executor}, which the bus does not shut down. By
     * default the bus starts its own daemon threads.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Threads of the bus's own executor; default the number of processors, at least 2. */
    public Builder asyncThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("asyncThreads must be at least 1, got " + threads);
      }
      this.asyncThreads = threads;
      return this;
    }

    /** How many asynchronous deliveries may wait or run at once; default 8192. */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, got " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** What {@code publish} does when the queue is full; default BLOCK for up to 5 seconds. */
    public Builder backpressure(BackpressurePolicy policy, Duration blockTimeout) {
      this.backpressure = Objects.requireNonNull(policy, "policy");
      this.blockTimeout = Objects.requireNonNull(blockTimeout, "blockTimeout");
      return this;
    }

    /** Retries for subscribers that set none; default {@link RetryPolicy#defaults()}. */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retry");
      return this;
    }

    /** Where failed deliveries go; default an in-memory store of 10,000 letters. */
    public Builder deadLetters(DeadLetterStore store) {
      this.deadLetters = Objects.requireNonNull(store, "deadLetters");
      return this;
    }

    /**
     * Where events whose contract says {@code persist} are appended before {@code publish} returns;
     * by default none, and such events are only delivered.
     */
    public Builder eventStore(EventStore store) {
      this.eventStore = Objects.requireNonNull(store, "eventStore");
      return this;
    }

    /**
     * Stamps envelopes, dead letters and health with the time. By default the system clock in UTC at
     * millisecond resolution, read from a value a daemon thread refreshes every millisecond while
     * the bus is busy: reading the system clock itself costs 25–30 ns on a virtual machine, more
     * than the rest of a SYNC publish. Such a reading may lag the system clock by a millisecond, or
     * more on an overloaded machine. {@code clock(Clock.systemUTC())} reads the system clock for
     * every event instead, at full resolution; tests pass a fixed clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Makes envelope ids; default time-ordered {@code evt_} ids. */
    public Builder ids(IdGenerator generator) {
      this.ids = Objects.requireNonNull(generator, "ids");
      return this;
    }

    /**
     * At most {@code max} subscribers per event type, with a warning from {@code warnAt} on;
     * default 50 and 40.
     */
    public Builder listenerLimit(int max, int warnAt) {
      requireLimits(max, warnAt);
      this.listenerLimit = max;
      this.listenerWarning = warnAt;
      return this;
    }

    /** A listener limit for one event type. */
    public Builder listenerLimit(EventKey<?> key, int max, int warnAt) {
      requireLimits(max, warnAt);
      listenerLimits.put(Objects.requireNonNull(key, "key"), new int[] {max, warnAt});
      return this;
    }

    /**
     * Carries the events {@code transport} {@linkplain Transport#carries chooses} between processes;
     * the others stay in this one. Receiving begins with {@link EventBus#start()}; the bus closes the
     * transport when it closes.
     */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Whether the bus counts events and measures handlers (see {@link BusMetrics}); default true. */
    public Builder metrics(boolean enabled) {
      this.metrics = enabled;
      return this;
    }

    /**
     * Keeps the last {@code capacity} events in memory for {@link EventBus#history()} and
     * {@link EventBus#status(String)}; default none.
     */
    public Builder history(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("A history keeps at least 1 event, got " + capacity
            + "; leave history(...) out to keep none");
      }
      this.historyCapacity = capacity;
      return this;
    }

    /** Whether listeners run with the event in SLF4J's MDC (see {@link MdcKeys}); default true. */
    public Builder mdc(boolean enabled) {
      this.mdc = enabled;
      return this;
    }

    /**
     * Logs each published event whose name matches {@code pattern} (e.g. {@code task:*}) at
     * {@code level}, on the logger {@code herald.events.<name with dots>}; the first matching pattern
     * wins, and events matching none log at DEBUG. Payloads appear redacted, or not at all for
     * {@code logPayload = false} events.
     */
    public Builder logLevel(String pattern, Level level) {
      logLevels.put(EventNames.requireValidPattern(pattern), Objects.requireNonNull(level, "level"));
      return this;
    }

    /**
     * Health turns DEGRADED when at least {@code perMinute} dead letters were written in the last
     * minute; 0 never; default 1.
     */
    public Builder deadLetterAlarm(int perMinute) {
      if (perMinute < 0) {
        throw new IllegalArgumentException("deadLetterAlarm must not be negative, got " + perMinute);
      }
      this.deadLetterAlarm = perMinute;
      return this;
    }

    public EventBus build() {
      List<Catalog> all = new ArrayList<>(catalogs);
      if (discover) {
        ClassLoader loader = classLoader != null
            ? classLoader
            : Thread.currentThread().getContextClassLoader();
        java.util.ServiceLoader.load(Catalog.class, loader).forEach(all::add);
      }
      DeadLetterStore letters = deadLetters != null ? deadLetters : DeadLetterStore.inMemory(10_000);
      DefaultEventBus bus = new DefaultEventBus(new BusConfig(source, all, executor, asyncThreads,
          queueCapacity, backpressure, blockTimeout, retry, letters, eventStore, clock, ids,
          listenerLimit, listenerWarning, Map.copyOf(listenerLimits), transport, metrics,
          historyCapacity, mdc, new LinkedHashMap<>(logLevels), deadLetterAlarm));
      // The bus owns the contract set: its stores and transport decode with the same contracts.
      CloudEvents contracts = null;
      for (Object component : new Object[] {letters, eventStore, transport}) {
        if (component instanceof ContractsAware aware) {
          if (contracts == null) {
            contracts = CloudEvents.of(bus.events());
          }
          aware.bindContracts(contracts);
        }
      }
      return bus;
    }

    private static void requireLimits(int max, int warnAt) {
      if (max < 1 || warnAt < 1 || warnAt > max) {
        throw new IllegalArgumentException(
            "Listener limits need 1 <= warnAt <= max, got max " + max + " and warnAt " + warnAt);
      }
    }
  }
}
