package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscription as the bus runs it: what it hears, how, and the call that delivers. Immutable but
 * for its active flag.
 */
final class Subscriber {

  /** Delivers one envelope; returns the handler's stage, or {@code null} when it finished. */
  @FunctionalInterface
  interface Invoker {
    CompletionStage<?> invoke(Envelope<?> envelope) throws Exception;
  }

  final String name;
  final long sequence;
  final int priority;
  final Delivery delivery;
  final RetryPolicy retry;
  final Duration timeout;
  final String tenant;
  final boolean once;
  /** Hears events without counting as hearing them (critical events, limits). */
  final boolean observer;
  final Invoker invoker;
  final OrderedLanes lanes;
  private final Set<Class<?>> payloadTypes;
  private final List<String> patterns;
  private final AtomicBoolean active = new AtomicBoolean(true);
  private final AtomicBoolean claimed = new AtomicBoolean();

  Subscriber(String name, long sequence, int priority, Delivery delivery, RetryPolicy retry,
      Duration timeout, String tenant, boolean once, boolean observer, Set<Class<?>> payloadTypes,
      List<String> patterns, Invoker invoker, OrderedLanes lanes) {
    this.name = name;
    this.sequence = sequence;
    this.priority = priority;
    this.delivery = delivery;
    this.retry = retry;
    this.timeout = timeout;
    this.tenant = tenant;
    this.once = once;
    this.observer = observer;
    this.payloadTypes = Set.copyOf(payloadTypes);
    this.patterns = List.copyOf(patterns);
    this.invoker = invoker;
    this.lanes = lanes;
  }

  boolean hears(EventKey<?> key) {
    if (payloadTypes.contains(key.payloadType())) {
      return true;
    }
    for (String pattern : patterns) {
      if (EventNames.matches(pattern, key.name())) {
        return true;
      }
    }
    return false;
  }

  /** Whether this envelope may go to this subscriber now; claims a once-subscription. */
  boolean accepts(Envelope<?> envelope) {
    if (!active.get() || (tenant != null && !tenant.equals(envelope.tenantId()))) {
      return false;
    }
    return !once || claimed.compareAndSet(false, true);
  }

  /** Cancels a once-subscription after its one delivery reached an outcome. */
  void onceDone(DefaultEventBus bus) {
    if (once) {
      bus.remove(this);
    }
  }

  /** Whether {@link #accepts} would take this envelope, without claiming anything. */
  boolean wouldAccept(Envelope<?> envelope) {
    return active.get() && (tenant == null || tenant.equals(envelope.tenantId()))
        && !(once && claimed.get());
  }

  boolean isActive() {
    return active.get();
  }

  /** Marks the subscriber inactive; true for the call that did it. */
  boolean deactivate() {
    return active.compareAndSet(true, false);
  }

  @Override
  public String toString() {
    return name;
  }
}
