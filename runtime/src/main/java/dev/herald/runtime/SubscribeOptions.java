package dev.herald.runtime;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.FailurePolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a programmatic subscription wants its events, the counterpart of {@code @Subscribe}'s
 * attributes: who it is (name, tenant, once, observer) and its {@link DeliveryOptions}, which
 * annotated listeners share. Unset values take the bus's defaults.
 *
 * <pre>{@code
 * bus.subscribe(TaskCreated.class, this::assign,
 *     SubscribeOptions.named("assigner").delivery(Delivery.ORDERED).maxAttempts(5));
 * }</pre>
 */
public final class SubscribeOptions {

  private static final SubscribeOptions DEFAULTS =
      new SubscribeOptions(null, DeliveryOptions.defaults(), null, false, false, null);

  private final String name;
  private final DeliveryOptions delivery;
  private final String tenant;
  private final boolean once;
  private final boolean observer;
  /** Null for none. */
  private final Predicate<Envelope<?>> filter;

  private SubscribeOptions(String name, DeliveryOptions delivery, String tenant, boolean once,
      boolean observer, Predicate<Envelope<?>> filter) {
    this.name = name;
    this.delivery = delivery;
    this.tenant = tenant;
    this.once = once;
    this.observer = observer;
    this.filter = filter;
  }

  /** SYNC, priority 0, the bus's retry policy, every tenant. */
  public static SubscribeOptions defaults() {
    return DEFAULTS;
  }

  /** Defaults with a name that logs and dead letters show. */
  public static SubscribeOptions named(String name) {
    return DEFAULTS.name(name);
  }

  public SubscribeOptions name(String subscriberName) {
    if (subscriberName == null || subscriberName.isBlank()) {
      throw new IllegalArgumentException("A subscriber name must not be blank");
    }
    return new SubscribeOptions(subscriberName, delivery, tenant, once, observer, filter);
  }

  /** See {@link DeliveryOptions#priority}. */
  public SubscribeOptions priority(int value) {
    return with(delivery.priority(value));
  }

  /** See {@link DeliveryOptions#delivery(Delivery)}. */
  public SubscribeOptions delivery(Delivery mode) {
    return with(delivery.delivery(mode));
  }

  /** Attempts in all before the delivery is dead-lettered; at least 1. */
  public SubscribeOptions maxAttempts(int attempts) {
    return with(delivery.maxAttempts(attempts));
  }

  /** The first retry's wait and the cap of the doubling waits after it. */
  public SubscribeOptions backoff(Duration initial, Duration max) {
    return with(delivery.backoff(initial, max));
  }

  /**
   * How long an ASYNC or ORDERED handler's {@code CompletionStage} may take; see
   * {@link DeliveryOptions#timeout(Duration)}.
   */
  public SubscribeOptions timeout(Duration limit) {
    return with(delivery.timeout(limit));
  }

  /** See {@link DeliveryOptions#onFailure(FailurePolicy)}. */
  public SubscribeOptions onFailure(FailurePolicy policy) {
    return with(delivery.onFailure(policy));
  }

  /** See {@link DeliveryOptions#concurrency(int)}; choose {@code delivery(Delivery.ASYNC)} first. */
  public SubscribeOptions concurrency(int limit) {
    return with(delivery.concurrency(limit));
  }

  /**
   * Batches of up to {@code size} events, for {@code EventBus.subscribeBatch}; see
   * {@link DeliveryOptions#batch(int, Duration)}.
   */
  public SubscribeOptions batch(int size, Duration maxWait) {
    return with(delivery.batch(size, maxWait));
  }

  /**
   * Hears only the envelopes {@code test} accepts. It runs on the publisher's thread as the event
   * is dispatched, before an asynchronous delivery is queued, so an event it rejects costs no
   * queue slot, no attempt and no history of delivery; the bus's metrics count it as filtered. It
   * should be quick and free of side effects. Its type is the subscription's, which Java cannot
   * check here: name it in the lambda, {@code filter((Envelope<TaskCreated> e) -> e.payload()
   * .urgent())}. A filter that throws counts as a failed delivery of that event: logged,
   * announced and dead-lettered at once, without retries.
   */
  @SuppressWarnings("unchecked") // the subscription's envelopes; a mismatch fails at the first test
  public <T> SubscribeOptions filter(Predicate<? super Envelope<T>> test) {
    Objects.requireNonNull(test, "filter");
    Predicate<Envelope<?>> any = (Predicate<Envelope<?>>) (Predicate<?>) test;
    return new SubscribeOptions(name, delivery, tenant, once, observer, any);
  }

  /** Only events of this tenant; never another tenant's, nor events without a tenant. */
  public SubscribeOptions tenant(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("A tenant must not be blank");
    }
    return new SubscribeOptions(name, delivery, tenantId, once, observer, filter);
  }

  /** Deliver one event, then cancel. */
  public SubscribeOptions once() {
    return new SubscribeOptions(name, delivery, tenant, true, observer, filter);
  }

  /**
   * Makes the subscription an observer, such as a test recorder or an audit tap: it hears events
   * like any subscriber, but does not count as hearing them, so a {@code critical} event that only
   * observers hear is still dead-lettered, and it does not count toward listener limits.
   */
  public SubscribeOptions observer() {
    return new SubscribeOptions(name, delivery, tenant, once, true, filter);
  }

  private SubscribeOptions with(DeliveryOptions options) {
    return new SubscribeOptions(name, Objects.requireNonNull(options), tenant, once, observer,
        filter);
  }

  public boolean isObserver() {
    return observer;
  }

  public String name() {
    return name;
  }

  /** The delivery options, shared with annotated listeners. */
  public DeliveryOptions deliveryOptions() {
    return delivery;
  }

  public int priority() {
    return delivery.priority();
  }

  public Delivery delivery() {
    return delivery.delivery();
  }

  /** Attempts in all, or 0 for the bus's default; see {@link DeliveryOptions#maxAttempts()}. */
  public int maxAttempts() {
    return delivery.maxAttempts().orElse(0);
  }

  /** The first retry's wait, or {@code null} for the bus's default. */
  public Duration backoff() {
    return delivery.initialBackoff().orElse(null);
  }

  /** The cap on retry waits, or {@code null} for the bus's default. */
  public Duration maxBackoff() {
    return delivery.maxBackoff().orElse(null);
  }

  /** The handler's time limit, {@link Duration#ZERO} for none. */
  public Duration timeout() {
    return delivery.timeout();
  }

  /** The only tenant whose events are delivered, or {@code null} for every event. */
  public String tenant() {
    return tenant;
  }

  public boolean isOnce() {
    return once;
  }

  /** The filter, or {@code null} when every envelope is heard; see {@link #filter}. */
  public Predicate<Envelope<?>> filter() {
    return filter;
  }
}
