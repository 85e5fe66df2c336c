package dev.herald.runtime;

import dev.herald.annotations.Delivery;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a subscription wants its events delivered, the same whether it was declared with
 * {@code @Subscribe} or subscribed in code ({@link SubscribeOptions#deliveryOptions()}): on which
 * thread and in which order, before or after other subscribers, how often and how patiently a
 * failing delivery is retried, and how long the stage a listener returns may take. Immutable; each
 * method returns a copy.
 *
 * <p>The retry options a subscription does not set take the bus's {@link RetryPolicy}: they are
 * then empty, which is this type's one way of saying "the bus's default" ({@link
 * #retryPolicy(RetryPolicy)} shows how the two combine). The other options have defaults of their
 * own: SYNC, priority 0, no timeout.
 */
public final class DeliveryOptions {

  private static final DeliveryOptions DEFAULTS =
      new DeliveryOptions(Delivery.SYNC, 0, 0, null, null, Duration.ZERO);

  private final Delivery delivery;
  private final int priority;
  /** 0 when unset. */
  private final int maxAttempts;
  /** Null when unset. */
  private final Duration backoff;
  /** Null when unset. */
  private final Duration maxBackoff;
  private final Duration timeout;

  private DeliveryOptions(Delivery delivery, int priority, int maxAttempts, Duration backoff,
      Duration maxBackoff, Duration timeout) {
    this.delivery = delivery;
    this.priority = priority;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.timeout = timeout;
  }

  /** SYNC, priority 0, the bus's retry policy, no timeout. */
  public static DeliveryOptions defaults() {
    return DEFAULTS;
  }

  /** On which thread and in which order the listener is called; a SYNC one takes no timeout. */
  public DeliveryOptions delivery(Delivery mode) {
    Objects.requireNonNull(mode, "delivery");
    if (mode == Delivery.SYNC && !timeout.isZero()) {
      throw new IllegalArgumentException("A timeout cannot apply to SYNC delivery, which runs on"
          + " the publisher's thread; remove the timeout or choose Delivery.ASYNC or ORDERED");
    }
    return new DeliveryOptions(mode, priority, maxAttempts, backoff, maxBackoff, timeout);
  }

  /** Higher priorities run first; equal priorities run in subscription order. */
  public DeliveryOptions priority(int value) {
    return new DeliveryOptions(delivery, value, maxAttempts, backoff, maxBackoff, timeout);
  }

  /** Attempts in all before the delivery is dead-lettered; at least 1. */
  public DeliveryOptions maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
    }
    return new DeliveryOptions(delivery, priority, attempts, backoff, maxBackoff, timeout);
  }

  /** The first retry's wait and the cap of the doubling waits after it. */
  public DeliveryOptions backoff(Duration initial, Duration max) {
    return initialBackoff(initial).maxBackoff(max);
  }

  /** The first retry's wait; the cap stays as it is (the bus's, or at least this wait). */
  public DeliveryOptions initialBackoff(Duration initial) {
    Objects.requireNonNull(initial, "initial backoff");
    requireOrdered(initial, maxBackoff);
    return new DeliveryOptions(delivery, priority, maxAttempts, initial, maxBackoff, timeout);
  }

  /** The cap of the waits between retries. */
  public DeliveryOptions maxBackoff(Duration max) {
    Objects.requireNonNull(max, "max backoff");
    requireOrdered(backoff, max);
    return new DeliveryOptions(delivery, priority, maxAttempts, backoff, max, timeout);
  }

  private static void requireOrdered(Duration initial, Duration max) {
    if ((initial != null && initial.isNegative()) || (max != null && max.isNegative())
        || (initial != null && max != null && max.compareTo(initial) < 0)) {
      throw new IllegalArgumentException("Backoff must satisfy 0 <= initial <= max, got initial "
          + initial + " and max " + max);
    }
  }

  /**
   * How long the {@code CompletionStage} a listener returns may take, from the moment the listener
   * returns it, before the attempt counts as failed; {@link Duration#ZERO} for no limit. It bounds
   * every attempt and a replay alike. Not for SYNC delivery, whose listener runs on the
   * publisher's thread: the publisher does not wait for a SYNC listener's stage, which has no
   * limit.
   */
  public DeliveryOptions timeout(Duration limit) {
    Objects.requireNonNull(limit, "timeout");
    if (limit.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + limit);
    }
    if (delivery == Delivery.SYNC && !limit.isZero()) {
      throw new IllegalArgumentException("A timeout cannot apply to SYNC delivery, which runs on"
          + " the publisher's thread; choose delivery(Delivery.ASYNC) or ORDERED first");
    }
    return new DeliveryOptions(delivery, priority, maxAttempts, backoff, maxBackoff, limit);
  }

  public Delivery delivery() {
    return delivery;
  }

  public int priority() {
    return priority;
  }

  /** Attempts in all; empty for the bus's default. */
  public OptionalInt maxAttempts() {
    return maxAttempts == 0 ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
  }

  /** The first retry's wait; empty for the bus's default. */
  public Optional<Duration> initialBackoff() {
    return Optional.ofNullable(backoff);
  }

  /** The cap of the waits between retries; empty for the bus's default. */
  public Optional<Duration> maxBackoff() {
    return Optional.ofNullable(maxBackoff);
  }

  /** The limit on a listener's stage, {@link Duration#ZERO} for none; see {@link #timeout}. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The retry policy of a subscription with these options on a bus whose default is
   * {@code busDefault}: the options set here, the bus's for the rest. A cap left to the bus is
   * raised to the initial wait set here if that is longer.
   *
   * @throws IllegalArgumentException if the cap set here is below the bus's initial wait
   */
  public RetryPolicy retryPolicy(RetryPolicy busDefault) {
    RetryPolicy retry = busDefault;
    if (maxAttempts != 0) {
      retry = retry.withMaxAttempts(maxAttempts);
    }
    if (backoff != null || maxBackoff != null) {
      Duration initial = backoff != null ? backoff : retry.initialBackoff();
      Duration max = maxBackoff != null ? maxBackoff
          : initial.compareTo(retry.maxBackoff()) > 0 ? initial : retry.maxBackoff();
      retry = retry.withBackoff(initial, max);
    }
    return retry;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeliveryOptions that && delivery == that.delivery
        && priority == that.priority && maxAttempts == that.maxAttempts
        && Objects.equals(backoff, that.backoff) && Objects.equals(maxBackoff, that.maxBackoff)
        && timeout.equals(that.timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(delivery, priority, maxAttempts, backoff, maxBackoff, timeout);
  }

  @Override
  public String toString() {
    return "DeliveryOptions[" + delivery + ", priority " + priority
        + ", maxAttempts " + (maxAttempts == 0 ? "default" : maxAttempts)
        + ", backoff " + (backoff == null ? "default" : backoff)
        + " up to " + (maxBackoff == null ? "default" : maxBackoff)
        + (timeout.isZero() ? "" : ", timeout " + timeout) + "]";
  }
}
