package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.EventNames;
import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.DeliveryOptions;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Registration;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.generated.Batches;
import dev.herald.runtime.generated.ListenerDispatcher;
import dev.herald.runtime.generated.ListenerInvoker;
import dev.herald.runtime.generated.ListenerMethod;
import dev.herald.runtime.internal.Routes.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears what: turns listeners and programmatic subscriptions into {@link Subscriber}s with
 * their delivery options resolved against the bus's defaults, enforces listener limits, and keeps
 * the current {@link Routes}, rebuilt under a lock on every change (copy on write) and read without
 * one on every publish.
 */
final class RouteRegistry {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final ContractIndex index;
  private final RetryPolicy retryDefaults;
  private final int listenerLimit;
  private final int listenerWarning;
  private final Map<EventKey<?>, int[]> listenerLimits;
  private final Admission admission;
  private final AsyncDispatcher async;
  /** Null in unit tests of the registry alone, which use no delivery policies. */
  private final DeliveryPolicies policies;
  private final AtomicLong sequence = new AtomicLong();
  private final Object lock = new Object();
  /** Guarded by {@link #lock} for writes. */
  private volatile Routes routes;
  /** Every ORDERED subscriber's lanes, for close; those of cancelled subscribers until idle. */
  private final Set<OrderedLanes> orderedLanes = ConcurrentHashMap.newKeySet();

  /**
   * @param limit the most subscribers an event may have, unless {@code limits} says otherwise
   * @param warning the count of subscribers at which a warning is logged, likewise
   * @param limits per event key: its limit and warning count
   */
  RouteRegistry(ContractIndex index, RetryPolicy retryDefaults, int limit, int warning,
      Map<EventKey<?>, int[]> limits, Admission admission, AsyncDispatcher async) {
    this(index, retryDefaults, limit, warning, limits, admission, async, null);
  }

  RouteRegistry(ContractIndex index, RetryPolicy retryDefaults, int limit, int warning,
      Map<EventKey<?>, int[]> limits, Admission admission, AsyncDispatcher async,
      DeliveryPolicies policies) {
    this.policies = policies;
    this.index = index;
    this.retryDefaults = retryDefaults;
    this.listenerLimit = limit;
    this.listenerWarning = warning;
    this.listenerLimits = limits;
    this.admission = admission;
    this.async = async;
    this.routes = Routes.of(index.keys());
  }

  /** The routes now: a snapshot. */
  Routes routes() {
    return routes;
  }

  /** The route of {@code key}, routed now if it is a key from outside the catalogs. */
  Route routeOf(EventKey<?> key) {
    Route route = routes.get(key);
    return route != null ? route : routeNew(key);
  }

  /** Routes a key met for the first time; out of {@link #routeOf}, which publishes inline. */
  private Route routeNew(EventKey<?> key) {
    synchronized (lock) {
      routes = routes.withKeys(List.of(key));
      return routes.get(key);
    }
  }

  /** The lanes of every ORDERED subscriber that may still hold deliveries. */
  Set<OrderedLanes> orderedLanes() {
    return orderedLanes;
  }

  Registration register(Object listener, String tenant) {
    admission.ensureOpen();
    List<ListenerDispatcher<?>> dispatchers = index.dispatchersFor(listener.getClass());
    if (dispatchers.isEmpty()) {
      throw new IllegalArgumentException("No Herald dispatcher for " + listener.getClass().getName()
          + ": either it has no @Subscribe methods, or it was compiled without herald-processor."
          + " Add dev.herald:herald-processor to the maven-compiler-plugin's"
          + " annotationProcessorPaths and rebuild, or subscribe with bus.subscribe(...) instead");
    }
    List<Subscriber> subscribers = new ArrayList<>();
    Set<String> signatures = new HashSet<>();
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
    Subscription[] handles = new Subscription[subscribers.size()];
    for (int i = 0; i < handles.length; i++) {
      handles[i] = new Handle(subscribers.get(i));
    }
    return new ListenerRegistration(listener, List.of(handles));
  }

  @SuppressWarnings("unchecked") // the dispatcher was found for this listener's class
  private Subscriber subscriberFor(Object listener, ListenerDispatcher<?> dispatcher,
      ListenerMethod<?> method, String tenant) {
    ListenerMethod<Object> typed = (ListenerMethod<Object>) method;
    ListenerMethod.BatchInvoker<Object> batches = typed.batchInvoker();
    String name = dispatcher.listenerType().getSimpleName() + "." + method.name();
    return subscriber(name, sequence.incrementAndGet(), method.deliveryOptions(), tenant, false,
        false, null, Set.copyOf(method.events()), method.patterns(), invokerOf(typed, listener),
        batches == null ? null : batch -> batches.invoke(listener, batch));
  }

  /**
   * The call that delivers one event to {@code listener}'s {@code method}: straight into the
   * generated dispatcher's {@code switch} when there is one, which spares every delivery the
   * method's own invoker (measured: about a tenth of a SYNC publish to ten listeners).
   */
  private static Subscriber.Invoker invokerOf(ListenerMethod<Object> method, Object listener) {
    ListenerDispatcher<Object> dispatcher = method.dispatcher();
    if (dispatcher != null) {
      return new DispatcherCall(dispatcher, method.dispatcherIndex(), listener);
    }
    ListenerInvoker<Object> invoker = method.invoker(); // one load less per delivery
    return envelope -> invoker.invoke(listener, envelope);
  }

  /**
   * One class for every generated method, so that the bus's call into it stays monomorphic; the
   * listener-specific call is the dispatcher's.
   */
  private record DispatcherCall(ListenerDispatcher<Object> dispatcher, int method,
      Object listener) implements Subscriber.Invoker {
    @Override
    public CompletionStage<?> invoke(Envelope<?> envelope) throws Exception {
      return dispatcher.invoke(method, listener, envelope);
    }
  }

  <T extends Record> Subscription subscribe(Class<T> type, Consumer<? super T> handler,
      SubscribeOptions options) {
    if (index.keyOf(type) == null) {
      throw new IllegalArgumentException(type.getName() + " is not an event this bus knows:"
          + " annotate the record with @Event and compile it with herald-processor, and make sure"
          + " its module's catalog is on the class path (or passed to EventBus.builder().catalogs)");
    }
    return subscribe(Set.of(type), List.of(), options, "(" + type.getSimpleName() + ")",
        envelope -> {
          handler.accept(type.cast(envelope.payload()));
          return null;
        });
  }

  Subscription subscribe(String pattern, Consumer<Envelope<?>> handler,
      SubscribeOptions options) {
    EventNames.requireValidPattern(pattern);
    return subscribe(Set.of(), List.of(pattern), options, "(" + pattern + ")", envelope -> {
      handler.accept(envelope);
      return null;
    });
  }

  <T extends Record> Subscription subscribeEnvelopes(EventKey<T> key,
      Consumer<Envelope<T>> handler, SubscribeOptions options) {
    return subscribe(Set.of(key.payloadType()), List.of(), options, "(" + key.name() + ")",
        envelope -> {
          @SuppressWarnings("unchecked") // routed by key, so the payload is the key's type
          Envelope<T> typed = (Envelope<T>) envelope;
          handler.accept(typed);
          return null;
        });
  }

  <T extends Record> Subscription subscribeBatch(EventKey<T> key,
      Consumer<? super List<T>> handler, SubscribeOptions options) {
    if (!options.deliveryOptions().isBatch()) {
      throw new IllegalArgumentException("subscribeBatch needs a batch size and a maximum wait:"
          + " pass SubscribeOptions.named(...).batch(size, maxWait)");
    }
    Batcher.BatchInvoker batches = batch -> {
      handler.accept(Batches.payloads(batch));
      return null;
    };
    return subscribe(Set.of(key.payloadType()), List.of(), options, "(" + key.name() + ")",
        envelope -> batches.invoke(List.of(envelope)), batches);
  }

  <T extends Record> Subscription subscribeAsync(EventKey<T> key,
      Function<? super T, ? extends CompletionStage<?>> handler, SubscribeOptions options) {
    if (options.deliveryOptions().onFailure() == FailurePolicy.PROPAGATE) {
      throw new IllegalArgumentException("FailurePolicy.PROPAGATE cannot apply to a handler that"
          + " returns a CompletionStage: publish returns before the stage completes, with nobody"
          + " left to throw to; subscribe with a Consumer, or choose DEAD_LETTER or LOG");
    }
    return subscribe(Set.of(key.payloadType()), List.of(), options, "(" + key.name() + ")",
        envelope -> handler.apply(key.payloadType().cast(envelope.payload())));
  }

  private Subscription subscribe(Set<Class<?>> types, List<String> patterns,
      SubscribeOptions options, String what, Subscriber.Invoker invoker) {
    if (options.deliveryOptions().isBatch()) {
      throw new IllegalArgumentException("Batches are for subscribeBatch (or a @Subscribe method"
          + " taking a List); this handler takes one event at a time: remove batch(...)");
    }
    return subscribe(types, patterns, options, what, invoker, null);
  }

  private Subscription subscribe(Set<Class<?>> types, List<String> patterns,
      SubscribeOptions options, String what, Subscriber.Invoker invoker,
      Batcher.BatchInvoker batches) {
    admission.ensureOpen();
    long seq = sequence.incrementAndGet();
    String name = options.name() != null ? options.name() : "subscription-" + seq + " " + what;
    Subscriber subscriber = subscriber(name, seq, options.deliveryOptions(), options.tenant(),
        options.isOnce(), options.isObserver(), options.filter(), types, patterns, invoker,
        batches);
    add(List.of(subscriber));
    return new Handle(subscriber);
  }

  /** The one place where delivery options, whoever declared them, become a subscriber. */
  private Subscriber subscriber(String name, long seq, DeliveryOptions options, String tenant,
      boolean once, boolean observer, Predicate<Envelope<?>> filter, Set<Class<?>> types,
      List<String> patterns, Subscriber.Invoker invoker, Batcher.BatchInvoker batches) {
    Delivery delivery = options.delivery();
    boolean batch = options.isBatch();
    return new Subscriber(name, seq, options.priority(), delivery,
        options.retryPolicy(retryDefaults), options.timeout(), tenant, once, observer, types,
        patterns, invoker, delivery == Delivery.ORDERED && !batch ? newLanes() : null, this,
        new Subscriber.Policies(options.onFailure(),
            filter == null ? null : policies().filter(filter),
            options.concurrency() > 0 && !batch
                ? new ConcurrencyLimit(options.concurrency(), async) : null,
            batch ? policies().batcher(options, batches) : null));
  }

  /**
   * Runs {@code wait} (a wait for idleness) with batches delivered as soon as they start, since a
   * batch waiting to fill would only make the waiter wait.
   */
  boolean hurryingBatches(IdleWait wait) throws InterruptedException {
    if (policies == null) {
      return wait.await();
    }
    policies.idleWaitBegins();
    try {
      return wait.await();
    } finally {
      policies.idleWaitOver();
    }
  }

  /** A wait for the bus to be idle. */
  @FunctionalInterface
  interface IdleWait {
    boolean await() throws InterruptedException;
  }

  /** The bus is closing: batches being filled are delivered now. */
  void flushBatches() {
    if (policies != null) {
      policies.flushBatches();
    }
  }

  /** The bus's executor has shut down: the batches left are refused now. */
  void closeBatches() {
    if (policies != null) {
      policies.closeBatches();
    }
  }

  private DeliveryPolicies policies() {
    if (policies == null) {
      throw new IllegalStateException("This registry was built without delivery policies");
    }
    return policies;
  }

  private OrderedLanes newLanes() {
    orderedLanes.removeIf(lanes -> lanes.isAbandoned() && lanes.isIdle());
    OrderedLanes lanes = async.newLanes();
    orderedLanes.add(lanes);
    return lanes;
  }

  private void add(List<Subscriber> subscribers) {
    synchronized (lock) {
      Routes next = routes;
      for (Subscriber subscriber : subscribers) {
        next.countsWith(subscriber, this::checkLimit);
        next = next.with(subscriber);
      }
      routes = next;
    }
  }

  private void checkLimit(EventKey<?> key, int count) {
    int[] own = listenerLimits.get(key);
    int limit = own != null ? own[0] : listenerLimit;
    int warning = own != null ? own[1] : listenerWarning;
    if (count > limit) {
      throw new IllegalStateException("Event \"" + key.name() + "\" would have " + count
          + " subscribers, above its limit of " + limit + "; this usually means listeners are"
          + " registered in a loop and never cancelled. Cancel unused subscriptions, or raise the"
          + " limit with EventBus.builder().listenerLimit(...)");
    }
    if (count == warning) {
      log.warn("Event \"{}\" now has {} subscribers (warning threshold {}, limit {}); check for"
          + " subscriptions that are never cancelled", key.name(), count, warning, limit);
    }
  }

  /** Cancels {@code subscriber}: it hears nothing more, once. */
  void remove(Subscriber subscriber) {
    if (subscriber.deactivate()) {
      if (subscriber.lanes != null) {
        subscriber.lanes.abandon(); // close still looks in them until they are idle
      }
      synchronized (lock) {
        routes = routes.without(subscriber);
      }
      if (subscriber.batcher != null) {
        policies().cancelled(subscriber.batcher);
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
}
