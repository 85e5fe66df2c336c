package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.EventNames;
import dev.herald.runtime.BackpressureException;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.Registration;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.events.DeliveryDeadLettered;
import dev.herald.runtime.events.DeliveryFailed;
import dev.herald.runtime.events.HeraldCatalog;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.ListenerDispatcher;
import dev.herald.runtime.generated.ListenerInvoker;
import dev.herald.runtime.generated.ListenerMethod;
import dev.herald.runtime.internal.Routes.Route;
import dev.herald.runtime.observability.BusMetrics;
import dev.herald.runtime.observability.EventHistory;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-process {@link EventBus}. Internal: build it with {@link EventBus#builder()}. */
public final class DefaultEventBus implements EventBus {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private static final int MAX_STACK_TRACE = 8 * 1024;
  private static final String RESERVED_NAMESPACE = "herald";

  private final String source;
  private final Clock clock;
  /** Whether {@link #clock} is the cached one, which stamps milliseconds without an Instant. */
  private final boolean coarseClock;
  private final dev.herald.runtime.IdGenerator ids;
  /** The default id generator, whose ids envelopes render lazily; null for a custom one. */
  private final TimeOrderedIds stampIds;
  private final Envelopes.Factory stamped = Envelopes.factory();
  private final dev.herald.runtime.IdGenerator letterIds;
  private final ContractIndex index;
  private final Executor executor;
  private final BusWorkers ownedExecutor;
  private final ScheduledExecutorService scheduler;
  private final RetryPolicy retryDefaults;
  private final DeadLetterStore deadLetters;
  private final EventStore eventStore;
  private final BackpressurePolicy backpressure;
  private final Duration blockTimeout;
  private final int queueCapacity;
  private final int listenerLimit;
  private final int listenerWarning;
  private final Map<EventKey<?>, int[]> listenerLimits;
  private final Transport transport;
  private final AtomicBoolean started = new AtomicBoolean();

  private final Object registryLock = new Object();
  private volatile Routes routes;
  private final AtomicLong sequence = new AtomicLong();
  private final SyncDispatcher sync;
  private final MetricsRecorder metrics;
  private final HistoryRecorder history;
  private final EventLog eventLog;
  private final boolean mdc;
  private final HealthCheck health;

  /** Unfinished deliveries that close could not find in a queue or lane; see {@link InFlight}. */
  private final InFlight inFlight = new InFlight();
  /** Asynchronous deliveries (and retries) queued or running; the bus is idle at zero. */
  private final Backlog pending;
  /** Every ORDERED subscriber's lanes, for close; those of cancelled subscribers until idle. */
  private final Set<OrderedLanes> orderedLanes = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** How ORDERED lanes run their tasks: here. */
  private final OrderedLanes.Runner laneRunner = new OrderedLanes.Runner() {
    @Override
    public long attempt(DeliveryTask task, long now) {
      return DefaultEventBus.this.attempt(task, now);
    }

    @Override
    public void refused(DeliveryTask task, RejectedExecutionException why) {
      DefaultEventBus.this.refused(task, why);
    }
  };
  private final AtomicInteger blockedPublishers = new AtomicInteger();
  private final AtomicInteger idleWaiters = new AtomicInteger();
  private final Object idle = new Object();
  private final Object capacity = new Object();
  private volatile boolean closed;

  public DefaultEventBus(BusConfig config) {
    this.source = config.source();
    this.clock = config.clock();
    this.coarseClock = clock == CoarseClock.UTC;
    this.ids = config.ids() != null ? config.ids() : new TimeOrderedIds("evt_", clock);
    this.stampIds = config.ids() != null ? null : (TimeOrderedIds) ids;
    this.letterIds = new TimeOrderedIds("dlq_", clock);
    this.index = new ContractIndex(withRuntimeCatalog(config.catalogs()));
    this.retryDefaults = config.retry();
    this.deadLetters = config.deadLetters();
    this.eventStore = config.eventStore();
    this.backpressure = config.backpressure();
    this.blockTimeout = config.blockTimeout();
    this.queueCapacity = config.queueCapacity();
    this.listenerLimit = config.listenerLimit();
    this.listenerWarning = config.listenerWarning();
    this.listenerLimits = config.listenerLimits();
    this.transport = config.transport();
    // Nothing to put the event into when SLF4J's MDC is a no-op (slf4j-simple, slf4j-nop).
    this.mdc = config.mdc() && DiagnosticContext.available();
    this.sync = new SyncDispatcher(this::deliverSync, mdc);
    this.pending = new Backlog(queueCapacity);
    this.metrics = new MetricsRecorder(config.metrics(), clock, this::queueDepth, queueCapacity);
    this.history = config.historyCapacity() > 0 ? new HistoryRecorder(config.historyCapacity())
        : null;
    List<EventLog.Rule> rules = new ArrayList<>();
    config.logLevels().forEach((pattern, level) -> rules.add(new EventLog.Rule(pattern, level)));
    this.eventLog = new EventLog(rules);
    this.health = new HealthCheck(source, clock, this::queueDepth, queueCapacity, () -> closed,
        transport, eventStore != null, config.deadLetterAlarm());
    if (config.executor() != null) {
      this.executor = config.executor();
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = new BusWorkers(config.asyncThreads(), queueCapacity,
          new BusThreads("herald-" + source + "-async"));
      this.executor = ownedExecutor;
    }
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new BusThreads("herald-" + source + "-retry"));
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
    this.routes = Routes.of(index.keys());
    if (eventStore == null) {
      List<String> persistent = index.keys().stream().filter(k -> k.descriptor().persist())
          .map(EventKey::name).toList();
      if (!persistent.isEmpty()) {
        log.warn("EventBus '{}' has no event store, so these events marked persist are delivered"
            + " but not stored: {}. Add one with EventBus.builder().eventStore(...)", source,
            persistent);
      }
    }
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
    Class<?> type = payload.getClass();
    Route route = routes.ofPayload(type);
    @SuppressWarnings("unchecked") // the catalogs' key of the payload's class
    EventKey<T> key = (EventKey<T>) (route != null ? route.slot.key : index.keyOf(type));
    if (key == null) {
      throw new IllegalArgumentException(type.getName() + " is not an event this bus"
          + " knows: annotate the record with @Event and compile it with herald-processor, or pass"
          + " its EventKey to publish(key, payload)");
    }
    return publish(key, route, payload, metadata);
  }

  @Override
  public <T extends Record> Envelope<T> publish(EventKey<T> key, T payload, Metadata metadata) {
    return publish(key, null, payload, metadata);
  }

  /** Publishes; {@code known} is the key's route if the caller looked it up, else null. */
  private <T extends Record> Envelope<T> publish(EventKey<T> key, Route known, T payload,
      Metadata metadata) {
    ensureOpen();
    CurrentEvent.State thread = CurrentEvent.state();
    Envelope<T> envelope = envelope(key, payload, metadata, thread);
    if (transport != null && transport.carries(key)) {
      // It comes back through the transport to every process that consumes it, this one included.
      appendIfPersistent(envelope, 0);
      transport.send(envelope);
      counted(envelope, metrics.seriesOf(envelope));
      return envelope;
    }
    Route route = known != null ? known : routeOf(key);
    int reserved = reserveUnderFailPolicy(route, envelope); // throws before anything happened
    appendIfPersistent(envelope, reserved);
    Series series = metrics.seriesOf(envelope, route.slot);
    if (series != null) {
      series.countPublished(thread);
    }
    eventLog.published(envelope, route.slot);
    dispatch(thread, envelope, route, reserved, null, remembered(envelope), series);
    return envelope;
  }

  /**
   * The envelope of a new event, with what it inherits from the event being handled on this
   * thread, if any. With the default ids, the clock is read once and the id and time are kept as
   * numbers until someone reads them.
   */
  @SuppressWarnings("unchecked") // the factory makes an envelope of the key's payload type
  private <T extends Record> Envelope<T> envelope(EventKey<T> key, T payload, Metadata metadata,
      CurrentEvent.State thread) {
    Envelope<?> cause = thread.current;
    String correlation = metadata.correlationId() != null ? metadata.correlationId()
        : cause != null ? cause.correlationId() : null;
    String causation = metadata.causationId() != null ? metadata.causationId()
        : cause != null ? cause.id() : null;
    String tenant = metadata.tenantId() != null ? metadata.tenantId()
        : cause != null ? cause.tenantId() : null;
    if (stampIds == null) {
      String id = ids.newId();
      return Envelope.of(key, payload, id, clock.instant(), source,
          correlation != null ? correlation : id, causation, tenant, metadata.headers());
    }
    java.util.Objects.requireNonNull(key, "key");
    long epochSecond;
    int nano;
    long millis;
    if (coarseClock) {
      millis = clock.millis();
      epochSecond = Math.floorDiv(millis, 1000);
      nano = Math.floorMod(millis, 1000) * 1_000_000;
    } else {
      Instant now = clock.instant();
      epochSecond = now.getEpochSecond();
      nano = now.getNano();
      millis = now.toEpochMilli();
    }
    // A null correlation id makes the envelope correlate to its own id.
    return (Envelope<T>) stamped.make(key, payload, stampIds, stampIds.millisAt(millis),
        stampIds.nextCount(thread), epochSecond, nano, source, correlation, causation, tenant,
        metadata.headers());
  }

  /** Counts and logs an event this bus published. */
  private void counted(Envelope<?> envelope, Series series) {
    if (series != null) {
      series.published.increment();
    }
    eventLog.published(envelope);
  }

  /** Keeps an envelope about to be delivered here in the history, if there is one. */
  private TrackedEvent remembered(Envelope<?> envelope) {
    return history != null ? history.record(envelope) : null;
  }

  /**
   * Appends an event marked persist before anyone hears it: an event the publisher saw accepted is
   * in the store. If the append fails, publish fails and nobody heard an event that is not stored.
   */
  private void appendIfPersistent(Envelope<?> envelope, int reserved) {
    if (eventStore != null && envelope.key().descriptor().persist()) {
      try {
        eventStore.append(envelope);
      } catch (RuntimeException e) {
        health.eventStore().failed(e);
        release(reserved);
        throw e;
      }
      health.eventStore().succeeded();
    }
  }

  @Override
  public void deliver(Envelope<?> envelope) {
    ensureOpen();
    Route route = routeOf(envelope.key());
    dispatch(CurrentEvent.state(), envelope, route, reserveUnderFailPolicy(route, envelope), null,
        remembered(envelope), metrics.seriesOf(envelope, route.slot));
  }

  /** Delivers an envelope a transport received, reporting failures instead of dead-lettering. */
  private CompletionStage<DeliveryOutcome> deliverReceived(Envelope<?> envelope) {
    DeliveryTracker tracker = new DeliveryTracker(envelope);
    try {
      ensureOpen();
      Route route = routeOf(envelope.key());
      dispatch(CurrentEvent.state(), envelope, route, reserveUnderFailPolicy(route, envelope),
          tracker, remembered(envelope), metrics.seriesOf(envelope, route.slot));
    } catch (RuntimeException refused) {
      tracker.refused(refused);
      return tracker.outcome();
    }
    tracker.dispatched();
    return tracker.outcome();
  }

  /**
   * Under {@link BackpressurePolicy#FAIL}, reserves queue room for every asynchronous subscriber
   * at once, so that a refused publish reaches nobody rather than some.
   *
   * @return the slots reserved, which {@link #dispatch} uses or releases
   */
  private int reserveUnderFailPolicy(Route route, Envelope<?> envelope) {
    if (backpressure != BackpressurePolicy.FAIL || route.async.length == 0) {
      return 0;
    }
    List<String> wanting = new ArrayList<>(route.async.length);
    for (Subscriber subscriber : route.async) {
      if (subscriber.wouldAccept(envelope)) {
        wanting.add(subscriber.name);
      }
    }
    int wanted = wanting.size();
    if (wanted > 0 && !pending.tryAdd(wanted)) {
      throw new BackpressureException("EventBus '" + source + "' has " + queueCapacity
          + " asynchronous deliveries queued, its capacity; " + envelope.type() + " "
          + envelope.id() + " was refused and reached none of its subscribers " + wanting
          + ". Slow down, raise queueCapacity, or choose another BackpressurePolicy");
    }
    return wanted;
  }

  private void dispatch(CurrentEvent.State thread, Envelope<?> envelope, Route route, int reserved,
      DeliveryTracker tracker, TrackedEvent tracked, Series series) {
    boolean critical = envelope.key().descriptor().critical();
    boolean heard = critical && syncWouldHear(route, envelope);
    // Asynchronous deliveries are queued first, at publish time: an event published by a SYNC
    // listener must not overtake this one in an ORDERED lane.
    for (Subscriber subscriber : route.async) {
      if (subscriber.accepts(envelope)) {
        heard |= !subscriber.observer;
        if (tracker != null) {
          tracker.started();
        }
        DeliveryTask task = new DeliveryTask(subscriber, envelope, tracker);
        task.series = series;
        task.tracked = tracked;
        submit(task, reserved > 0);
        reserved = Math.max(0, reserved - 1);
      }
    }
    release(reserved); // subscribers that cancelled meanwhile
    if (route.sync.length > 0) {
      // Observers still see an unheard critical event.
      sync.dispatch(thread, envelope, route.sync, tracker, series);
    }
    if (critical && !heard) {
      log.warn("Critical event {} {} has no subscriber; it was dead-lettered", envelope.type(),
          envelope.id());
      Instant now = clock.instant();
      if (tracked != null) {
        tracked.deadLettered = true;
      }
      deadLetter(envelope, DeadLetter.NO_SUBSCRIBER, DeadLetter.Reason.NO_SUBSCRIBER, null, 0,
          now, now);
    }
  }

  /** Whether a SYNC subscriber other than an observer will take this envelope. */
  private static boolean syncWouldHear(Route route, Envelope<?> envelope) {
    for (Subscriber subscriber : route.sync) {
      if (!subscriber.observer && subscriber.wouldAccept(envelope)) {
        return true;
      }
    }
    return false;
  }

  /** Whether anyone but an observer would take this envelope now (for replaying it). */
  private static boolean anyoneHears(Route route, Envelope<?> envelope) {
    for (Subscriber[] group : List.of(route.sync, route.async)) {
      for (Subscriber s : group) {
        if (!s.observer && s.wouldAccept(envelope)) {
          return true;
        }
      }
    }
    return false;
  }

  private Route routeOf(EventKey<?> key) {
    Route route = routes.get(key);
    if (route != null) {
      return route;
    }
    synchronized (registryLock) { // a key from outside the catalogs: route it once
      routes = routes.withKeys(List.of(key));
      return routes.get(key);
    }
  }

  // ---------------------------------------------------------------- delivering

  /**
   * The first attempt of a SYNC delivery, on the publisher's thread. When {@code thread.timing},
   * the handler's latency is recorded from {@code thread.nanos} (read just before), and
   * {@code thread.nanos} is left at the clock's reading after it, so that the next timed delivery
   * starts from there: one clock read per delivery, not two.
   */
  private boolean deliverSync(Subscriber subscriber, Envelope<?> envelope,
      DeliveryTracker tracker, Series series, CurrentEvent.State thread) {
    // SyncDispatcher made the envelope current for all of its SYNC subscribers at once.
    boolean timed = thread.timing;
    CompletionStage<?> stage;
    try {
      stage = subscriber.invoker.invoke(envelope);
    } catch (Throwable error) {
      rethrowIfFatal(error);
      if (timed) {
        series.latency.record(System.nanoTime() - thread.nanos);
      }
      failed(syncTask(subscriber, envelope, tracker, series), error);
      if (timed) {
        thread.nanos = System.nanoTime(); // failure handling is nobody's latency
      }
      return false;
    }
    if (timed) {
      long end = System.nanoTime();
      series.latency.record(end - thread.nanos);
      thread.nanos = end;
    }
    if (stage != null) {
      DeliveryTask task = syncTask(subscriber, envelope, tracker, series);
      stage.whenComplete((ignored, error) -> {
        if (error != null) {
          failed(task, unwrap(error));
        } else {
          syncSucceeded(subscriber, tracker, series);
        }
      });
      if (timed) {
        thread.nanos = System.nanoTime();
      }
      return false;
    }
    if (tracker != null || series == null) {
      syncSucceeded(subscriber, tracker, series);
      return false;
    }
    // Counted by the dispatcher, once for all the envelope's subscribers.
    subscriber.onceDone(this);
    return true;
  }

  /** A SYNC delivery whose first attempt failed, or has yet to complete, becomes a task. */
  private DeliveryTask syncTask(Subscriber subscriber, Envelope<?> envelope,
      DeliveryTracker tracker, Series series) {
    DeliveryTask task = new DeliveryTask(subscriber, envelope, tracker);
    task.attempts = 1;
    task.series = series;
    task.tracked = history != null ? history.find(envelope) : null;
    return task;
  }

  private void syncSucceeded(Subscriber subscriber, DeliveryTracker tracker, Series series) {
    if (series != null) {
      series.delivered.increment();
    }
    subscriber.onceDone(this);
    if (tracker != null) {
      tracker.succeeded();
    }
  }

  private void submit(DeliveryTask task, boolean admitted) {
    if (!admitted && !admit(task)) {
      return;
    }
    task.bus = this;
    task.accepted();
    if (task.subscriber.delivery == Delivery.ORDERED) {
      // Its lane holds it until it is done; close finds it there.
      task.subscriber.lanes.submit(orderingKey(task.envelope), task);
    } else {
      if (ownedExecutor == null) {
        inFlight.add(task); // an executor the bus cannot look into at close
      }
      execute(task);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object orderingKey(Envelope<?> envelope) {
    return ((EventKey<Record>) envelope.key()).orderingKeyOf((Record) envelope.payload());
  }

  /** Applies back-pressure: true if the task may be queued, else it was dealt with. */
  private boolean admit(DeliveryTask task) {
    if (pending.tryAdd(1)) {
      return true;
    }
    switch (backpressure) {
      case FAIL:
        throw new BackpressureException("EventBus '" + source + "' has " + queueCapacity
            + " asynchronous deliveries queued, its capacity; " + task.envelope.type() + " "
            + task.envelope.id() + " was not queued for " + task.subscriber.name
            + ". Slow down, raise queueCapacity, or choose another BackpressurePolicy");
      case BLOCK:
        if (awaitCapacity()) {
          return true;
        }
        break;
      default:
        break;
    }
    if (task.tracker != null) {
      log.warn("EventBus '{}' queue is full ({} deliveries); {} {} for {} goes back to its"
          + " transport", source, queueCapacity, task.envelope.type(), task.envelope.id(),
          task.subscriber.name);
      if (task.tracked != null) {
        task.tracked.failedForGood = true;
      }
      task.tracker.failed(task.subscriber.name, DeadLetter.Reason.BACKPRESSURE, null, 0);
      return false;
    }
    log.error("EventBus '{}' queue is full ({} deliveries); {} {} for {} was dead-lettered",
        source, queueCapacity, task.envelope.type(), task.envelope.id(), task.subscriber.name);
    Instant now = clock.instant();
    if (task.tracked != null) {
      task.tracked.deadLettered = true;
    }
    deadLetter(task.envelope, task.subscriber.name, DeadLetter.Reason.BACKPRESSURE, null, 0, now,
        now);
    return false;
  }

  /** Asynchronous deliveries queued or running: the health check's and the metrics' depth. */
  private int queueDepth() {
    return (int) Math.min(Integer.MAX_VALUE, pending.size());
  }

  /** Frees queue slots and wakes blocked publishers and idle waiters, if there are any. */
  private void release(int slots) {
    if (slots > 0) {
      pending.remove(slots);
      if (blockedPublishers.get() > 0) {
        synchronized (capacity) {
          capacity.notifyAll();
        }
      }
      if (idleWaiters.get() > 0 && pending.isEmpty()) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    }
  }

  private boolean awaitCapacity() {
    blockedPublishers.incrementAndGet();
    try {
      return waitForCapacity();
    } finally {
      blockedPublishers.decrementAndGet();
    }
  }

  private boolean waitForCapacity() {
    long deadline = System.nanoTime() + blockTimeout.toNanos();
    synchronized (capacity) {
      while (true) {
        if (pending.tryAdd(1)) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(capacity, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private void execute(DeliveryTask task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      finish(task, DeadLetter.Reason.SHUTDOWN, e);
    }
  }

  /** The bus's workers shut down before {@code task} could run: it is dead-lettered. */
  void refused(DeliveryTask task, RejectedExecutionException why) {
    finish(task, DeadLetter.Reason.SHUTDOWN, why);
  }

  /**
   * One attempt of an asynchronous delivery or a retry, on an executor thread. {@code now} is a
   * reading of {@code System.nanoTime()} taken just before, or 0: a worker that runs attempts back to
   * back passes the end of one as the start of the next, so that timing an attempt reads the clock
   * once. Returns the clock's reading at the end of an attempt that finished at once and was timed,
   * else 0.
   */
  long attempt(DeliveryTask task, long now) {
    if (task.isFinished()) {
      return now;
    }
    task.attempts++;
    Subscriber subscriber = task.subscriber;
    CurrentEvent.State thread = CurrentEvent.state();
    Envelope<?> previous = thread.current;
    thread.current = task.envelope;
    if (mdc) {
      DiagnosticContext.enter(task.envelope);
    }
    long start = task.attemptStarted(now);
    CompletionStage<?> stage;
    try {
      stage = subscriber.invoker.invoke(task.envelope);
    } catch (Throwable error) {
      rethrowIfFatal(error);
      task.attemptEnded(start);
      failed(task, error);
      return 0; // failure handling is nobody's latency
    } finally {
      thread.current = previous;
      if (mdc) {
        DiagnosticContext.restore(previous);
      }
    }
    if (stage == null) {
      long end = task.attemptEnded(start);
      succeeded(task);
      return end;
    }
    if (subscriber.delivery != Delivery.ORDERED) {
      inFlight.add(task); // for close, while it waits for the stage; its lane holds an ORDERED one
    }
    CompletableFuture<?> future = stage.toCompletableFuture();
    if (!subscriber.timeout.isZero()) {
      future = future.copy().orTimeout(subscriber.timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    future.whenComplete((ignored, error) -> {
      task.attemptEnded(start);
      if (error == null) {
        succeeded(task);
      } else {
        failed(task, unwrap(error));
      }
    });
    return 0;
  }

  private void succeeded(DeliveryTask task) {
    if (task.finish()) {
      if (task.counted) {
        task.delivered(); // counts it delivered and no longer pending at once
      } else if (task.series != null) {
        task.series.delivered.increment();
      }
      task.subscriber.onceDone(this); // before done(): awaitIdle must see the cancellation
      if (task.tracker != null) {
        task.tracker.succeeded();
      }
      done(task, false);
    }
  }

  private void failed(DeliveryTask task, Throwable error) {
    Instant now = clock.instant();
    if (task.firstFailure == null) {
      task.firstFailure = now;
    }
    task.lastFailure = now;
    task.lastError = error;
    if (task.series != null) {
      task.series.failed.increment();
    }
    Subscriber subscriber = task.subscriber;
    boolean retry = task.attempts < subscriber.retry.maxAttempts() && !closed
        && subscriber.isActive();
    announce(task.envelope, new DeliveryFailed(task.envelope.id(), task.envelope.type(),
        subscriber.name, task.attempts, subscriber.retry.maxAttempts(), error.getClass().getName(),
        error.getMessage() == null ? "" : error.getMessage(), retry));
    if (retry) {
      Duration wait = subscriber.retry.backoffAfter(task.attempts);
      log.warn("Subscriber {} failed on {} {} (attempt {} of {}), retrying in {} ms",
          subscriber.name, task.envelope.type(), task.envelope.id(), task.attempts,
          subscriber.retry.maxAttempts(), wait.toMillis(), error);
      if (task.series != null) {
        task.series.retried.increment();
      }
      if (task.tracked != null) {
        task.tracked.waiting.incrementAndGet();
      }
      if (!task.counted) {
        pending.add(1); // a retry of a SYNC delivery is asynchronous work too
        task.bus = this;
        task.accepted();
      }
      inFlight.add(task); // for close, while it waits in the scheduler
      try {
        scheduler.schedule(() -> execute(task), wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        finish(task, DeadLetter.Reason.SHUTDOWN, error);
      }
      return;
    }
    log.error("Subscriber {} failed on {} {} after {} attempt(s); dead-lettered. Payload: {}",
        subscriber.name, task.envelope.type(), task.envelope.id(), task.attempts,
        PayloadRenderer.render(task.envelope), error);
    finish(task, DeadLetter.Reason.FAILED, error);
  }

  /** Dead-letters a delivery that cannot succeed, once. */
  private void finish(DeliveryTask task, DeadLetter.Reason reason, Throwable error) {
    if (task.finish()) {
      record(task, reason, error);
    }
  }

  /** Dead-letters a task whose outcome this caller has claimed, and frees what it held. */
  private void record(DeliveryTask task, DeadLetter.Reason reason, Throwable error) {
    Throwable cause = error != null ? error : task.lastError;
    if (task.tracker != null) {
      if (task.tracked != null) {
        task.tracked.failedForGood = true;
      }
      task.tracker.failed(task.subscriber.name, reason, cause, task.attempts);
    } else {
      if (task.tracked != null) {
        task.tracked.deadLettered = true;
      }
      Instant now = clock.instant();
      deadLetter(task.envelope, task.subscriber.name, reason, cause, task.attempts,
          task.firstFailure != null ? task.firstFailure : now,
          task.lastFailure != null ? task.lastFailure : now);
    }
    task.subscriber.onceDone(this); // before done(): awaitIdle must see the cancellation
    done(task, true);
  }

  /**
   * Frees what a finished task held: its place in the backlog (and the pending gauge, unless
   * {@link DeliveryTask#delivered} did that already), its in-flight entry, its ORDERED lane.
   */
  private void done(DeliveryTask task, boolean abandoned) {
    inFlight.remove(task);
    if (task.counted) {
      if (abandoned) {
        task.released();
      }
      release(1);
    }
    if (task.releaseLane != null) {
      task.releaseLane.run();
    }
  }

  private void deadLetter(Envelope<?> envelope, String subscriber, DeadLetter.Reason reason,
      Throwable error, int attempts, Instant firstFailure, Instant lastFailure) {
    DeadLetter letter = new DeadLetter(letterIds.newId(), envelope, subscriber, reason,
        error == null ? null : error.getClass().getName(),
        error == null ? null : error.getMessage(),
        error == null ? null : stackTrace(error), attempts, firstFailure, lastFailure);
    Series series = metrics.seriesOf(envelope);
    if (series != null) {
      series.deadLettered.increment();
    }
    health.deadLettered();
    try {
      deadLetters.add(letter);
      health.deadLetterStore().succeeded();
    } catch (RuntimeException storeFailure) {
      health.deadLetterStore().failed(storeFailure);
      // The last line of defence. The payload is logged as everywhere else (redacted, or withheld
      // for logPayload = false), so the line keeps all of the event that a log may hold.
      log.error("Could not store dead letter {} for {} {} ({}); the delivery is recorded only in"
              + " this line: {} payload {}", letter.id(), envelope.type(), envelope.id(),
          subscriber, envelope, PayloadRenderer.render(envelope), storeFailure);
      return;
    }
    announce(envelope, new DeliveryDeadLettered(letter.id(), envelope.id(), envelope.type(),
        subscriber, reason.name(), attempts, error == null ? "" : error.getClass().getName()));
  }

  /**
   * Publishes one of the bus's own events about {@code cause}. Failures of the bus's own events are
   * only logged, never announced again, so a failing failure listener cannot recurse.
   */
  private void announce(Envelope<?> cause, Record event) {
    if (closed || EventNames.segments(cause.type()).get(0).equals(RESERVED_NAMESPACE)) {
      return;
    }
    Metadata.Builder metadata = Metadata.builder()
        .correlationId(cause.correlationId() != null ? cause.correlationId() : cause.id())
        .causationId(cause.id());
    if (cause.tenantId() != null) {
      metadata.tenant(cause.tenantId());
    }
    try {
      publish(event, metadata.build());
    } catch (RuntimeException e) {
      log.warn("Could not publish {} about {} {}", event.getClass().getSimpleName(), cause.type(),
          cause.id(), e);
    }
  }

  private static String stackTrace(Throwable error) {
    java.io.StringWriter text = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(text));
    String trace = text.toString();
    return trace.length() <= MAX_STACK_TRACE
        ? trace
        : trace.substring(0, MAX_STACK_TRACE) + "\n\t... (truncated)";
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void rethrowIfFatal(Throwable error) {
    if (error instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }

  // ---------------------------------------------------------------- subscribing

  @Override
  public Registration register(Object listener, String tenant) {
    ensureOpen();
    List<ListenerDispatcher<?>> dispatchers = index.dispatchersFor(listener.getClass());
    if (dispatchers.isEmpty()) {
      throw new IllegalArgumentException("No Herald dispatcher for " + listener.getClass().getName()
          + ": either it has no @Subscribe methods, or it was compiled without herald-processor."
          + " Add dev.herald:herald-processor to the maven-compiler-plugin's"
          + " annotationProcessorPaths and rebuild, or subscribe with bus.subscribe(...) instead");
    }
    List<Subscriber> subscribers = new ArrayList<>();
    Set<String> signatures = new java.util.HashSet<>();
    for (ListenerDispatcher<?> dispatcher : dispatchers) { // the listener's own class first
      for (ListenerMethod<?> method : dispatcher.methods()) {
        // A superclass method that the subclass overrides with its own @Subscribe is one listener:
        // both dispatchers would call the same override.
        if (signatures.add(method.name())) {
          subscribers.add(subscriberFor(listener, dispatcher, method, tenant));
        }
      }
    }
    add(subscribers);
    List<Subscription> handles = subscribers.stream().map(s -> (Subscription) new Handle(s))
        .toList();
    return new ListenerRegistration(listener, handles);
  }

  @SuppressWarnings("unchecked") // the dispatcher was found for this listener's class
  private Subscriber subscriberFor(Object listener, ListenerDispatcher<?> dispatcher,
      ListenerMethod<?> method, String tenant) {
    ListenerMethod<Object> typed = (ListenerMethod<Object>) method;
    RetryPolicy retry = retryDefaults;
    if (method.maxAttempts() > 0) {
      retry = retry.withMaxAttempts(method.maxAttempts());
    }
    if (!method.backoff().isZero() || !method.maxBackoff().isZero()) {
      Duration initial = method.backoff().isZero() ? retry.initialBackoff() : method.backoff();
      Duration max = method.maxBackoff().isZero()
          ? (initial.compareTo(retry.maxBackoff()) > 0 ? initial : retry.maxBackoff())
          : method.maxBackoff();
      retry = retry.withBackoff(initial, max);
    }
    String name = dispatcher.listenerType().getSimpleName() + "." + method.name();
    ListenerInvoker<Object> invoker = typed.invoker(); // one load fewer per delivery
    return new Subscriber(name, sequence.incrementAndGet(), method.priority(), method.delivery(),
        retry, method.timeout(), tenant, false, false, Set.copyOf(method.events()),
        method.patterns(),
        envelope -> invoker.invoke(listener, envelope), lanesFor(method.delivery()));
  }

  @Override
  public <T extends Record> Subscription subscribe(
      Class<T> type, Consumer<? super T> handler, SubscribeOptions options) {
    requireEvent(type);
    return subscribe(Set.of(type), List.of(), options, "(" + type.getSimpleName() + ")",
        envelope -> {
          handler.accept(type.cast(envelope.payload()));
          return null;
        });
  }

  @Override
  public Subscription subscribe(
      String pattern, Consumer<Envelope<?>> handler, SubscribeOptions options) {
    EventNames.requireValidPattern(pattern);
    return subscribe(Set.of(), List.of(pattern), options, "(" + pattern + ")", envelope -> {
      handler.accept(envelope);
      return null;
    });
  }

  @Override
  public <T extends Record> Subscription subscribeEnvelopes(
      EventKey<T> key, Consumer<Envelope<T>> handler, SubscribeOptions options) {
    return subscribe(Set.of(key.payloadType()), List.of(), options, "(" + key.name() + ")",
        envelope -> {
          @SuppressWarnings("unchecked") // routed by key, so the payload is the key's type
          Envelope<T> typed = (Envelope<T>) envelope;
          handler.accept(typed);
          return null;
        });
  }

  @Override
  public <T extends Record> Subscription subscribeAsync(EventKey<T> key,
      Function<? super T, ? extends CompletionStage<?>> handler, SubscribeOptions options) {
    return subscribe(Set.of(key.payloadType()), List.of(), options, "(" + key.name() + ")",
        envelope -> handler.apply(key.payloadType().cast(envelope.payload())));
  }

  private Subscription subscribe(Set<Class<?>> types, List<String> patterns,
      SubscribeOptions options, String what, Subscriber.Invoker invoker) {
    ensureOpen();
    long seq = sequence.incrementAndGet();
    RetryPolicy retry = retryDefaults;
    if (options.maxAttempts() > 0) {
      retry = retry.withMaxAttempts(options.maxAttempts());
    }
    if (options.backoff() != null) {
      retry = retry.withBackoff(options.backoff(), options.maxBackoff());
    }
    String name = options.name() != null ? options.name() : "subscription-" + seq + " " + what;
    Subscriber subscriber = new Subscriber(name, seq, options.priority(), options.delivery(), retry,
        options.timeout(), options.tenant(), options.isOnce(), options.isObserver(), types,
        patterns, invoker,
        lanesFor(options.delivery()));
    add(List.of(subscriber));
    return new Handle(subscriber);
  }

  private OrderedLanes lanesFor(Delivery delivery) {
    if (delivery != Delivery.ORDERED) {
      return null;
    }
    orderedLanes.removeIf(lanes -> lanes.isAbandoned() && lanes.isIdle());
    OrderedLanes lanes = new OrderedLanes(executor, laneRunner);
    orderedLanes.add(lanes);
    return lanes;
  }

  private void requireEvent(Class<?> type) {
    if (index.keyOf(type) == null) {
      throw new IllegalArgumentException(type.getName() + " is not an event this bus knows:"
          + " annotate the record with @Event and compile it with herald-processor, and make sure"
          + " its module's catalog is on the class path (or passed to EventBus.builder().catalogs)");
    }
  }

  private void add(List<Subscriber> subscribers) {
    synchronized (registryLock) {
      Routes next = routes;
      for (Subscriber subscriber : subscribers) {
        next.countsWith(subscriber).forEach(this::checkLimit);
        next = next.with(subscriber);
      }
      routes = next;
    }
  }

  private void checkLimit(EventKey<?> key, int count) {
    int[] limits = listenerLimits.getOrDefault(key, new int[] {listenerLimit, listenerWarning});
    if (count > limits[0]) {
      throw new IllegalStateException("Event \"" + key.name() + "\" would have " + count
          + " subscribers, above its limit of " + limits[0] + "; this usually means listeners are"
          + " registered in a loop and never cancelled. Cancel unused subscriptions, or raise the"
          + " limit with EventBus.builder().listenerLimit(...)");
    }
    if (count == limits[1]) {
      log.warn("Event \"{}\" now has {} subscribers (warning threshold {}, limit {}); check for"
          + " subscriptions that are never cancelled", key.name(), count, limits[1], limits[0]);
    }
  }

  void remove(Subscriber subscriber) {
    if (subscriber.deactivate()) {
      if (subscriber.lanes != null) {
        subscriber.lanes.abandon(); // close still looks in them until they are idle
      }
      synchronized (registryLock) {
        routes = routes.without(subscriber);
      }
    }
  }

  /** A subscription's handle. */
  private final class Handle implements Subscription {
    private final Subscriber subscriber;

    Handle(Subscriber subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public String name() {
      return subscriber.name;
    }

    @Override
    public void cancel() {
      remove(subscriber);
    }

    @Override
    public boolean isActive() {
      return subscriber.isActive();
    }

    @Override
    public String toString() {
      return "Subscription[" + subscriber.name + (isActive() ? "" : ", cancelled") + "]";
    }
  }

  private record ListenerRegistration(Object listener, List<Subscription> subscriptions)
      implements Registration {

    @Override
    public String name() {
      return listener.getClass().getName();
    }

    @Override
    public void cancel() {
      subscriptions.forEach(Subscription::cancel);
    }

    @Override
    public boolean isActive() {
      return subscriptions.stream().anyMatch(Subscription::isActive);
    }
  }

  // ---------------------------------------------------------------- dead letters, lifecycle

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  @Override
  public boolean replay(DeadLetter letter) {
    ensureOpen();
    Envelope<?> envelope = letter.envelope();
    if (letter.subscriber().equals(DeadLetter.NO_SUBSCRIBER)) {
      Route route = routeOf(envelope.key());
      if (!anyoneHears(route, envelope)) {
        return false;
      }
      deadLetters.delete(letter.id());
      dispatch(CurrentEvent.state(), envelope, route, reserveUnderFailPolicy(route, envelope),
          null, remembered(envelope), metrics.seriesOf(envelope, route.slot));
      return true;
    }
    // By name and tenant: the same listener class registered for two tenants has one name.
    Subscriber subscriber = routes.subscribers().stream()
        .filter(s -> s.name.equals(letter.subscriber()) && s.hears(envelope.key())
            && s.wouldAccept(envelope))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No active subscriber named '"
            + letter.subscriber() + "' hears " + envelope.type()
            + (envelope.tenantId() == null ? "" : " of tenant " + envelope.tenantId())
            + " on EventBus '" + source + "'; register it before replaying dead letter "
            + letter.id()));
    Envelope<?> previous = CurrentEvent.enter(envelope);
    if (mdc) {
      DiagnosticContext.enter(envelope);
    }
    try {
      CompletionStage<?> stage = subscriber.invoker.invoke(envelope);
      if (stage != null) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        if (subscriber.timeout.isZero()) {
          future.get();
        } else {
          future.get(subscriber.timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Throwable error) {
      rethrowIfFatal(error);
      Throwable cause = error instanceof TimeoutException ? error : unwrap(error);
      deadLetters.delete(letter.id());
      deadLetters.add(new DeadLetter(letter.id(), envelope, letter.subscriber(), letter.reason(),
          cause.getClass().getName(), cause.getMessage(), stackTrace(cause),
          letter.attempts() + 1, letter.firstFailure(), clock.instant()));
      log.warn("Replay of dead letter {} ({} {}) to {} failed again", letter.id(), envelope.type(),
          envelope.id(), subscriber.name, cause);
      return false;
    } finally {
      CurrentEvent.restore(previous);
      if (mdc) {
        DiagnosticContext.restore(previous);
      }
    }
    deadLetters.delete(letter.id());
    return true;
  }

  @Override
  public int replay(DeadLetterQuery query) {
    int delivered = 0;
    for (DeadLetter letter : deadLetters.list(query)) {
      if (replay(letter)) {
        delivered++;
      }
    }
    return delivered;
  }

  @Override
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    idleWaiters.incrementAndGet();
    try {
      synchronized (idle) {
        while (!pending.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
      }
      return true;
    } finally {
      idleWaiters.decrementAndGet();
    }
  }

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

  @Override
  public EventBus start() {
    ensureOpen();
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
      return deliverReceived(envelope);
    }
  }

  @Override
  public boolean close(Duration timeout) {
    if (transport != null && !closed) {
      // First, while the bus still delivers: the transport stops receiving and settles what it
      // handed in.
      try {
        transport.close();
      } catch (RuntimeException e) {
        log.error("EventBus '{}' could not close its transport {}", source, transport, e);
      }
    }
    closed = true;
    boolean drained;
    try {
      drained = awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    if (!drained) {
      // Wherever they wait: the workers' queue and hands, the ORDERED lanes, the in-flight set.
      List<DeliveryTask> unfinished = new ArrayList<>();
      if (ownedExecutor != null) {
        ownedExecutor.shutdown(task -> {
          if (task instanceof DeliveryTask delivery) {
            unfinished.add(delivery); // a lane's turn is not: its tasks are in the lane
          }
        });
      }
      for (OrderedLanes lanes : orderedLanes) {
        lanes.collect(unfinished);
      }
      unfinished.addAll(inFlight.snapshot());
      // Claim every outcome before recording any: recording one frees its ORDERED lane, which
      // would otherwise start the next queued delivery that is about to be dead-lettered too.
      // (A task found twice is claimed once.)
      List<DeliveryTask> claimed = unfinished.stream().filter(DeliveryTask::finish).toList();
      log.error("EventBus '{}' closed with {} deliveries unfinished after {}; dead-lettering them",
          source, claimed.size(), timeout);
      for (DeliveryTask task : claimed) {
        record(task, DeadLetter.Reason.SHUTDOWN, null);
      }
    }
    scheduler.shutdownNow();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow(); // refuses (dead-letters) whatever a racing publish queued
    }
    return drained;
  }

  private void ensureOpen() {
    if (closed) {
      throw new BusClosedException("EventBus '" + source + "' is closed and accepts no more events"
          + " or subscriptions; publish before close(), or build a new bus");
    }
  }

  @Override
  public String toString() {
    return "EventBus[" + source + ", " + index.keys().size() + " events, "
        + routes.subscribers().size() + " subscribers" + (closed ? ", closed" : "") + "]";
  }
}
