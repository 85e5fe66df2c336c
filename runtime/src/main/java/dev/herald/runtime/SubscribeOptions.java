package dev.herald.runtime;

import dev.herald.annotations.Delivery;
import java.time.Duration;
import java.util.Objects;

/**
 * How a programmatic subscription wants its events, the counterpart of {@code @Subscribe}'s
 * attributes. Unset values take the bus's defaults.
 *
 * <pre>{@code
 * bus.subscribe(TaskCreated.class, this::assign,
 *     SubscribeOptions.named("assigner").delivery(Delivery.ORDERED).maxAttempts(5));
 * }</pre>
 */
public final class SubscribeOptions {

  private static final SubscribeOptions DEFAULTS =
      new SubscribeOptions(null, 0, Delivery.SYNC, 0, null, null, Duration.ZERO, null, false,
          false);

  private final String name;
  private final int priority;
  private final Delivery delivery;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Duration timeout;
  private final String tenant;
  private final boolean once;
  private final boolean observer;

  private SubscribeOptions(String name, int priority, Delivery delivery, int maxAttempts,
      Duration backoff, Duration maxBackoff, Duration timeout, String tenant, boolean once,
      boolean observer) {
    this.name = name;
    this.priority = priority;
    this.delivery = delivery;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.timeout = timeout;
    this.tenant = tenant;
    this.once = once;
    this.observer = observer;
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
    return copy(subscriberName, priority, delivery, maxAttempts, backoff, maxBackoff, timeout,
        tenant, once);
  }

  public SubscribeOptions priority(int value) {
    return copy(name, value, delivery, maxAttempts, backoff, maxBackoff, timeout, tenant, once);
  }

  public SubscribeOptions delivery(Delivery mode) {
    Objects.requireNonNull(mode, "delivery");
    if (mode == Delivery.SYNC && !timeout.isZero()) {
      throw new IllegalArgumentException(
          "A timeout cannot apply to SYNC delivery, which runs on the publisher's thread");
    }
    return copy(name, priority, mode, maxAttempts, backoff, maxBackoff, timeout, tenant, once);
  }

  /** Attempts in all before the delivery is dead-lettered; at least 1. */
  public SubscribeOptions maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
    }
    return copy(name, priority, delivery, attempts, backoff, maxBackoff, timeout, tenant, once);
  }

  /** The first retry's wait and the cap of the doubling waits after it. */
  public SubscribeOptions backoff(Duration initial, Duration max) {
    new RetryPolicy(1, initial, max, 0); // validates
    return copy(name, priority, delivery, maxAttempts, initial, max, timeout, tenant, once);
  }

  /** How long an ASYNC or ORDERED handler's {@code CompletionStage} may take. */
  public SubscribeOptions timeout(Duration limit) {
    Objects.requireNonNull(limit, "timeout");
    if (limit.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + limit);
    }
    if (delivery == Delivery.SYNC && !limit.isZero()) {
      throw new IllegalArgumentException("A timeout cannot apply to SYNC delivery, which runs on"
          + " the publisher's thread; choose delivery(Delivery.ASYNC) or ORDERED first");
    }
    return copy(name, priority, delivery, maxAttempts, backoff, maxBackoff, limit, tenant, once);
  }

  /** Only events of this tenant; never another tenant's, nor events without a tenant. */
  public SubscribeOptions tenant(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException("A tenant must not be blank");
    }
    return copy(name, priority, delivery, maxAttempts, backoff, maxBackoff, timeout, tenantId,
        once);
  }

  /** Deliver one event, then cancel. */
  public SubscribeOptions once() {
    return copy(name, priority, delivery, maxAttempts, backoff, maxBackoff, timeout, tenant, true);
  }

  /**
   * Makes the subscription an observer, such as a test recorder or an audit tap: it hears events
   * like any subscriber, but does not count as hearing them, so a {@code critical} event that only
   * observers hear is still dead-lettered, and it does not count toward listener limits.
   */
  public SubscribeOptions observer() {
    return new SubscribeOptions(name, priority, delivery, maxAttempts, backoff, maxBackoff, timeout,
        tenant, once, true);
  }

  public boolean isObserver() {
    return observer;
  }

  public String name() {
    return name;
  }

  public int priority() {
    return priority;
  }

  public Delivery delivery() {
    return delivery;
  }

  /** Attempts in all, or 0 for the bus's default. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The first retry's wait, or {@code null} for the bus's default. */
  public Duration backoff() {
    return backoff;
  }

  /** The cap on retry waits, or {@code null} for the bus's default. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The handler's time limit, {@link Duration#ZERO} for none. */
  public Duration timeout() {
    return timeout;
  }

  /** The only tenant whose events are delivered, or {@code null} for every event. */
  public String tenant() {
    return tenant;
  }

  public boolean isOnce() {
    return once;
  }

  private SubscribeOptions copy(String name, int priority, Delivery delivery,
      int maxAttempts, Duration backoff, Duration maxBackoff, Duration timeout, String tenant,
      boolean once) {
    return new SubscribeOptions(name, priority, delivery, maxAttempts, backoff, maxBackoff, timeout,
        tenant, once, observer);
  }
}
