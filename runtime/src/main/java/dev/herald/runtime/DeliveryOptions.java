package dev.herald.runtime;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.FailurePolicy;
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
 * own: SYNC, priority 0, no timeout, failures retried then dead-lettered, no concurrency limit,
 * single events rather than batches.
 */
public final class DeliveryOptions {

  private static final DeliveryOptions DEFAULTS = new DeliveryOptions(Delivery.SYNC, 0, 0, null,
      null, Duration.ZERO, FailurePolicy.DEAD_LETTER, 0, 0, Duration.ZERO);

  private final Delivery delivery;
  private final int priority;
  /** 0 when unset. */
  private final int maxAttempts;
  /** Null when unset. */
  private final Duration backoff;
  /** Null when unset. */
  private final Duration maxBackoff;
  private final Duration timeout;
  private final FailurePolicy onFailure;
  /** 0 for no limit. */
  private final int concurrency;
  /** 0 for a listener of single events. */
  private final int batchSize;
  private final Duration batchWait;

  private DeliveryOptions(Delivery delivery, int priority, int maxAttempts, Duration backoff,
      Duration maxBackoff, Duration timeout, FailurePolicy onFailure, int concurrency,
      int batchSize, Duration batchWait) {
    this.delivery = delivery;
    this.priority = priority;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
    this.timeout = timeout;
    this.onFailure = onFailure;
    this.concurrency = concurrency;
    this.batchSize = batchSize;
    this.batchWait = batchWait;
  }

  /** SYNC, priority 0, the bus's retry policy, no timeout. */
  public static DeliveryOptions defaults() {
    return DEFAULTS;
  }

  /**
   * On which thread and in which order the listener is called; a SYNC one takes no timeout and no
   * batches, only an ASYNC one a concurrency limit, and only a SYNC one {@code PROPAGATE}.
   */
  public DeliveryOptions delivery(Delivery mode) {
    Objects.requireNonNull(mode, "delivery");
    if (mode == Delivery.SYNC && !timeout.isZero()) {
      throw new IllegalArgumentException("A timeout cannot apply to SYNC delivery, which runs on"
          + " the publisher's thread; remove the timeout or choose Delivery.ASYNC or ORDERED");
    }
    if (mode == Delivery.SYNC && batchSize > 0) {
      throw new IllegalArgumentException("A batch cannot be delivered SYNC, on a publisher's"
          + " thread: it waits for events of several publishes; choose Delivery.ASYNC or ORDERED");
    }
    if (mode != Delivery.ASYNC && concurrency > 0) {
      throw new IllegalArgumentException("A concurrency limit applies to ASYNC delivery only ("
          + mode + " was chosen): SYNC runs on the publisher's thread, ORDERED one delivery per"
          + " ordering key; remove the limit or keep Delivery.ASYNC");
    }
    if (mode != Delivery.SYNC && onFailure == FailurePolicy.PROPAGATE) {
      throw propagateNeedsSync(mode);
    }
    return new DeliveryOptions(mode, priority, maxAttempts, backoff, maxBackoff, timeout,
        onFailure, concurrency, batchSize, batchWait);
  }

  private static IllegalArgumentException propagateNeedsSync(Delivery mode) {
    return new IllegalArgumentException("FailurePolicy.PROPAGATE applies to SYNC delivery only: "
        + mode + " runs after publish has returned, with nobody to throw to; keep Delivery.SYNC,"
        + " or choose FailurePolicy.DEAD_LETTER or LOG");
  }

  /** Higher priorities run first; equal priorities run in subscription order. */
  public DeliveryOptions priority(int value) {
    return new DeliveryOptions(delivery, value, maxAttempts, backoff, maxBackoff, timeout,
        onFailure, concurrency, batchSize, batchWait);
  }

  /** Attempts in all before the delivery is dead-lettered; at least 1. */
  public DeliveryOptions maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
    }
    return new DeliveryOptions(delivery, priority, attempts, backoff, maxBackoff, timeout,
        onFailure, concurrency, batchSize, batchWait);
  }

  /** The first retry's wait and the cap of the doubling waits after it. */
  public DeliveryOptions backoff(Duration initial, Duration max) {
    return initialBackoff(initial).maxBackoff(max);
  }

  /** The first retry's wait; the cap stays as it is (the bus's, or at least this wait). */
  public DeliveryOptions initialBackoff(Duration initial) {
    Objects.requireNonNull(initial, "initial backoff");
    requireOrdered(initial, maxBackoff);
    return new DeliveryOptions(delivery, priority, maxAttempts, initial, maxBackoff, timeout,
        onFailure, concurrency, batchSize, batchWait);
  }

  /** The cap of the waits between retries. */
  public DeliveryOptions maxBackoff(Duration max) {
    Objects.requireNonNull(max, "max backoff");
    requireOrdered(backoff, max);
    return new DeliveryOptions(delivery, priority, maxAttempts, backoff, max, timeout,
        onFailure, concurrency, batchSize, batchWait);
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
    return new DeliveryOptions(delivery, priority, maxAttempts, backoff, maxBackoff, limit,
        onFailure, concurrency, batchSize, batchWait);
  }

  /**
   * What becomes of a failed delivery; see {@link FailurePolicy}. {@code PROPAGATE} needs SYNC
   * delivery, chosen before or after.
   */
  public DeliveryOptions onFailure(FailurePolicy policy) {
    Objects.requireNonNull(policy, "failure policy");
    if (policy == FailurePolicy.PROPAGATE && delivery != Delivery.SYNC) {
      throw propagateNeedsSync(delivery);
    }
    return new DeliveryOptions(delivery, priority, maxAttempts, backoff, maxBackoff, timeout,
        policy, concurrency, batchSize, batchWait);
  }

  /**
   * At most {@code limit} deliveries of an ASYNC subscription in progress at once, each from its
   * first attempt to its outcome (retries included); at least 1. Choose
   * {@code delivery(Delivery.ASYNC)} first.
   */
  public DeliveryOptions concurrency(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + limit);
    }
    if (delivery != Delivery.ASYNC) {
      throw new IllegalArgumentException("A concurrency limit applies to ASYNC delivery only, and"
          + " this subscription is " + delivery + "; choose delivery(Delivery.ASYNC) first");
    }
    return new DeliveryOptions(delivery, priority, maxAttempts, backoff, maxBackoff, timeout,
        onFailure, limit, batchSize, batchWait);
  }

  /**
   * Delivers events in batches of up to {@code size}, a batch being delivered when full or when
   * its first event has waited {@code maxWait}, and when the bus closes. For batch listeners only
   * (a {@code List} parameter, or {@code EventBus.subscribeBatch}); ASYNC unless ORDERED was
   * chosen, before or after.
   */
  public DeliveryOptions batch(int size, Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (size < 1 || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("A batch needs a size of at least 1 and a positive"
          + " maximum wait, got " + size + " and " + maxWait);
    }
    if (onFailure == FailurePolicy.PROPAGATE) {
      throw propagateNeedsSync(Delivery.ASYNC);
    }
    return new DeliveryOptions(delivery == Delivery.SYNC ? Delivery.ASYNC : delivery, priority,
        maxAttempts, backoff, maxBackoff, timeout, onFailure, concurrency, size, maxWait);
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

  /** What becomes of a failed delivery. */
  public FailurePolicy onFailure() {
    return onFailure;
  }

  /** The most deliveries in progress at once; 0 for no limit. */
  public int concurrency() {
    return concurrency;
  }

  /** The most events in one batch; 0 for a listener of single events. */
  public int batchSize() {
    return batchSize;
  }

  /** How long a batch's first event may wait; {@link Duration#ZERO} without batches. */
  public Duration batchWait() {
    return batchWait;
  }

  /** Whether the listener takes batches. */
  public boolean isBatch() {
    return batchSize > 0;
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
        && timeout.equals(that.timeout) && onFailure == that.onFailure
        && concurrency == that.concurrency && batchSize == that.batchSize
        && batchWait.equals(that.batchWait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(delivery, priority, maxAttempts, backoff, maxBackoff, timeout, onFailure,
        concurrency, batchSize, batchWait);
  }

  @Override
  public String toString() {
    return "DeliveryOptions[" + delivery + ", priority " + priority
        + ", maxAttempts " + (maxAttempts == 0 ? "default" : maxAttempts)
        + ", backoff " + (backoff == null ? "default" : backoff)
        + " up to " + (maxBackoff == null ? "default" : maxBackoff)
        + (timeout.isZero() ? "" : ", timeout " + timeout)
        + (onFailure == FailurePolicy.DEAD_LETTER ? "" : ", on failure " + onFailure)
        + (concurrency == 0 ? "" : ", concurrency " + concurrency)
        + (batchSize == 0 ? "" : ", batches of " + batchSize + " within " + batchWait) + "]";
  }
}
