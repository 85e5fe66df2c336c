package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.PublishResult;
import dev.herald.runtime.Registration;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.events.HeraldCatalog;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.observability.BusMetrics;
import dev.herald.runtime.observability.EventHistory;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process {@link EventBus}: a facade that wires the delivery pipeline and delegates to it.
 * Build it with {@link EventBus#builder()}. Public only because {@code EventBus.Builder} in another
 * package constructs it; no compatibility promise.
 *
 * <p>The pipeline, stage by stage, each a class of its own:
 * <ol>
 *   <li>{@link Publisher}: stamps an event ({@link Stamper}), stores it if it persists, routes it;
 *   <li>{@link RouteRegistry}: who hears what ({@link Routes}), subscribing, listener limits;
 *   <li>{@link Admission}: open or closed, back-pressure on asynchronous deliveries, idleness;
 *   <li>{@link SyncDispatcher} and {@link AsyncDispatcher}: SYNC deliveries on the publisher's
 *       thread; ASYNC and ORDERED ones, and every retry, on the executor;
 *   <li>{@link Invocation}: the one way a listener is called, the timeout of its stage included;
 *   <li>{@link Outcomes}: delivered, retried after a backoff, or dead-lettered;
 *   <li>{@link DeadLettering} and {@link Announcements}: the dead-letter store, and the bus's own
 *       {@code DeliveryFailed} and {@code DeliveryDeadLettered} events;
 *   <li>{@link Replay} of dead letters, and {@link Shutdown}.
 * </ol>
 */
public final class DefaultEventBus implements EventBus {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final String source;
  private final ContractIndex index;
  private final Transport transport;
  private final AtomicBoolean started = new AtomicBoolean();
  private final Admission admission;
  private final MetricsRecorder metrics;
  private final HistoryRecorder history;
  private final HealthCheck health;
  private final DeadLettering deadLettering;
  private final RouteRegistry registry;
  private final Publisher publisher;
  private final Replay replay;
  private final Shutdown shutdown;

  public DefaultEventBus(BusConfig config) {
    this.source = config.source();
    this.index = new ContractIndex(withRuntimeCatalog(config.catalogs()));
    this.transport = config.transport();
    Clock clock = config.clock();
    int capacity = config.queueCapacity();
    this.admission =
        new Admission(source, config.backpressure(), config.blockTimeout(), capacity);
    this.metrics = new MetricsRecorder(config.metrics(), clock, admission::depth, capacity);
    if (transport != null) {
      metrics.countTransport(transport::metrics);
    }
    this.history = config.historyCapacity() > 0
        ? new HistoryRecorder(config.historyCapacity()) : null;
    this.health = new HealthCheck(source, clock, admission::depth, capacity, admission::isClosed,
        transport, config.eventStore() != null, config.deadLetterAlarm());
    health.countSkippedRows(config.eventStore(), config.deadLetters());
    List<EventLog.Rule> rules = new ArrayList<>();
    config.logLevels().forEach((pattern, level) -> rules.add(new EventLog.Rule(pattern, level)));

    BusWorkers workers = config.executor() != null ? null : new BusWorkers(config.asyncThreads(),
        capacity, new BusThreads("herald-" + source + "-async"));
    Executor executor = workers != null ? workers : config.executor();
    ScheduledThreadPoolExecutor retries =
        new ScheduledThreadPoolExecutor(1, new BusThreads("herald-" + source + "-retry"));
    retries.setRemoveOnCancelPolicy(true);

    InFlight inFlight = new InFlight();
    // Nothing to put the event into when SLF4J's MDC is a no-op (slf4j-simple, slf4j-nop).
    Invocation invocation = new Invocation(config.mdc() && DiagnosticContext.available());
    Announcements announcements = new Announcements(this, admission);
    this.deadLettering = new DeadLettering(config.deadLetters(), new TimeOrderedIds("dlq_", clock),
        clock, metrics, health, announcements);
    Outcomes outcomes =
        new Outcomes(clock, admission, inFlight, deadLettering, announcements, retries);
    AsyncDispatcher async = new AsyncDispatcher(executor, workers != null, admission, invocation,
        outcomes, inFlight);
    this.registry = new RouteRegistry(index, config.retry(), config.listenerLimit(),
        config.listenerWarning(), config.listenerLimits(), admission, async,
        new DeliveryPolicies(metrics, deadLettering, clock,
            new BatchDelivery.Context(executor, outcomes, announcements, admission, retries)));
    SyncDispatcher sync = new SyncDispatcher(invocation, outcomes, async, history);
    this.publisher = new Publisher(new Stamper(source, clock, config.ids()), index, registry,
        admission, sync, async, deadLettering, transport, config.eventStore(), health, metrics,
        new EventLog(rules), history);
    this.replay =
        new Replay(source, admission, registry, publisher, invocation, deadLettering, index);
    this.shutdown = new Shutdown(source, transport, admission, registry, inFlight, outcomes,
        retries, workers);
  }

  /** The bus's own events are always known, whether or not catalogs are discovered. */
  private static List<Catalog> withRuntimeCatalog(List<Catalog> catalogs) {
    List<Catalog> all = new ArrayList<>();
    all.add(new HeraldCatalog());
    catalogs.stream().filter(c -> !(c instanceof HeraldCatalog)).forEach(all::add);
    return all;
  }

  // ---------------------------------------------------------------- publishing

  @Override
  public <T extends Record> Envelope<T> publish(T payload, Metadata metadata) {
    return publisher.publish(payload, metadata);
  }

  @Override
  public <T extends Record> Envelope<T> publish(EventKey<T> key, T payload, Metadata metadata) {
    return publisher.publish(key, null, payload, metadata);
  }

  @Override
  public <T extends Record> CompletionStage<Envelope<T>> publishAsync(T payload,
      Metadata metadata) {
    return publisher.publishAsync(payload, metadata);
  }

  @Override
  public <T extends Record> PublishResult<T> publishAndCollect(T payload, Metadata metadata) {
    return publisher.publishAndCollect(payload, metadata);
  }

  @Override
  public <T extends Record> PublishResult<T> publishAndCollect(EventKey<T> key, T payload,
      Metadata metadata) {
    return publisher.publishAndCollect(key, payload, metadata);
  }

  @Override
  public void deliver(Envelope<?> envelope) {
    publisher.deliver(envelope);
  }

  // ---------------------------------------------------------------- subscribing

  @Override
  public Registration register(Object listener, String tenant) {
    return registry.register(listener, tenant);
  }

  @Override
  public <T extends Record> Subscription subscribe(
      Class<T> type, Consumer<? super T> handler, SubscribeOptions options) {
    return registry.subscribe(type, handler, options);
  }

  @Override
  public Subscription subscribe(
      String pattern, Consumer<Envelope<?>> handler, SubscribeOptions options) {
    return registry.subscribe(pattern, handler, options);
  }

  @Override
  public <T extends Record> Subscription subscribeEnvelopes(
      EventKey<T> key, Consumer<Envelope<T>> handler, SubscribeOptions options) {
    return registry.subscribeEnvelopes(key, handler, options);
  }

  @Override
  public <T extends Record> Subscription subscribeBatch(EventKey<T> key,
      Consumer<? super List<T>> handler, SubscribeOptions options) {
    return registry.subscribeBatch(key, handler, options);
  }

  @Override
  public <T extends Record> Subscription subscribeAsync(EventKey<T> key,
      Function<? super T, ? extends CompletionStage<?>> handler, SubscribeOptions options) {
    return registry.subscribeAsync(key, handler, options);
  }

  // ---------------------------------------------------------------- dead letters

  @Override
  public DeadLetterStore deadLetters() {
    return deadLettering.store();
  }

  @Override
  public boolean replay(DeadLetter letter) {
    return replay.replay(letter);
  }

  @Override
  public int replay(DeadLetterQuery query) {
    return replay.replay(query);
  }

  // ---------------------------------------------------------------- observing

  @Override
  public String source() {
    return source;
  }

  @Override
  public List<EventKey<?>> events() {
    return List.copyOf(index.keys());
  }

  @Override
  @SuppressWarnings("unchecked") // the index maps each payload class to the key of that class
  public <T extends Record> Optional<EventKey<T>> keyOf(Class<T> payloadType) {
    return Optional.ofNullable((EventKey<T>) index.keyOf(payloadType));
  }

  @Override
  public BusMetrics metrics() {
    return metrics;
  }

  @Override
  public EventHistory history() {
    return history != null ? history : HistoryRecorder.OFF;
  }

  @Override
  public Health health() {
    return health.health();
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public EventBus start() {
    admission.ensureOpen();
    if (transport != null && started.compareAndSet(false, true)) {
      transport.start(new Inbound());
    }
    return this;
  }

  /** What a transport hands received envelopes to. */
  private final class Inbound implements Transport.Inbound {
    @Override
    public String source() {
      return source;
    }

    @Override
    public List<EventKey<?>> events() {
      return DefaultEventBus.this.events();
    }

    @Override
    public CompletionStage<DeliveryOutcome> deliver(Envelope<?> envelope) {
      return publisher.deliverReceived(envelope);
    }
  }

  @Override
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return registry.hurryingBatches(() -> admission.awaitIdle(timeout));
  }

  @Override
  public boolean close(Duration timeout) {
    return shutdown.close(timeout);
  }

  @Override
  public String toString() {
    return "EventBus[" + source + ", " + index.keys().size() + " events, "
        + registry.routes().subscribers().size() + " subscribers"
        + (admission.isClosed() ? ", closed" : "") + "]";
  }
}
