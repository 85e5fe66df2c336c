package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.EventNames;
import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.RetryPolicy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

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

  private static final VarHandle ACTIVE;
  private static final VarHandle CLAIMED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACTIVE = lookup.findVarHandle(Subscriber.class, "active", boolean.class);
      CLAIMED = lookup.findVarHandle(Subscriber.class, "claimed", boolean.class);
    } catch (ReflectiveOperationException impossible) {
      throw new ExceptionInInitializerError(impossible);
    }
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
  /** What becomes of a failed delivery. */
  final FailurePolicy onFailure;
  /** Decides which envelopes it hears, or null for all; see {@link #accepts}. */
  final Filtering filter;
  /** Bounds its deliveries in progress, or null for no bound (ASYNC only). */
  final ConcurrencyLimit limit;
  /** Gathers its deliveries into batches, or null for a subscriber of single events. */
  final Batcher batcher;
  /** No tenant, filter or once: it accepts every envelope while active (one check, not four). */
  private final boolean unconditional;
  /** Where it is routed: a once-subscription leaves it after its delivery. */
  private final RouteRegistry registry;
  private final Set<Class<?>> payloadTypes;
  private final List<String> patterns;
  /** Fields, not AtomicBooleans: a publish checks every subscriber's, one pointer fewer each. */
  private volatile boolean active = true;
  private volatile boolean claimed;

  Subscriber(String name, long sequence, int priority, Delivery delivery, RetryPolicy retry,
      Duration timeout, String tenant, boolean once, boolean observer, Set<Class<?>> payloadTypes,
      List<String> patterns, Invoker invoker, OrderedLanes lanes, RouteRegistry registry) {
    this(name, sequence, priority, delivery, retry, timeout, tenant, once, observer, payloadTypes,
        patterns, invoker, lanes, registry, Policies.NONE);
  }

  /** The delivery policies a subscriber may have beyond the basic options. */
  record Policies(FailurePolicy onFailure, Filtering filter, ConcurrencyLimit limit,
      Batcher batcher) {
    static final Policies NONE = new Policies(FailurePolicy.DEAD_LETTER, null, null, null);
  }

  Subscriber(String name, long sequence, int priority, Delivery delivery, RetryPolicy retry,
      Duration timeout, String tenant, boolean once, boolean observer, Set<Class<?>> payloadTypes,
      List<String> patterns, Invoker invoker, OrderedLanes lanes, RouteRegistry registry,
      Policies policies) {
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
    this.registry = registry;
    this.onFailure = policies.onFailure();
    this.filter = policies.filter();
    this.limit = policies.limit();
    this.batcher = policies.batcher();
    this.unconditional = tenant == null && filter == null && !once;
  }

  /** The payload classes it hears, whatever their event's name. */
  Set<Class<?>> payloadTypes() {
    return payloadTypes;
  }

  /** Whether it hears event names matching patterns too. */
  boolean hasPatterns() {
    return !patterns.isEmpty();
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

  /**
   * Whether this envelope may go to this subscriber now; claims a once-subscription. Runs the
   * subscriber's filter, if it has one: {@link Filtering#passes} counts what it turns down and
   * settles what it throws on.
   */
  boolean accepts(Envelope<?> envelope) {
    if (unconditional) {
      return active;
    }
    if (!active || (tenant != null && !tenant.equals(envelope.tenantId()))) {
      return false;
    }
    if (filter != null && !filter.passes(this, envelope)) {
      return false;
    }
    return !once || CLAIMED.compareAndSet(this, false, true);
  }

  /** As {@link #accepts}, for an envelope its filter has passed already (see {@link Filtering}). */
  boolean acceptsFiltered(Envelope<?> envelope) {
    if (!active || (tenant != null && !tenant.equals(envelope.tenantId()))) {
      return false;
    }
    return !once || CLAIMED.compareAndSet(this, false, true);
  }

  /** Cancels a once-subscription after its one delivery reached an outcome. */
  void onceDone() {
    if (once) {
      registry.remove(this);
    }
  }

  /**
   * Whether {@link #accepts} would take this envelope, without claiming anything and without
   * running the filter (a filter runs once per envelope, in {@code accepts}).
   */
  boolean wouldAccept(Envelope<?> envelope) {
    return active && (tenant == null || tenant.equals(envelope.tenantId()))
        && !(once && claimed);
  }

  boolean isActive() {
    return active;
  }

  /** Marks the subscriber inactive; true for the call that did it. */
  boolean deactivate() {
    return ACTIVE.compareAndSet(this, true, false);
  }

  @Override
  public String toString() {
    return name;
  }
}
