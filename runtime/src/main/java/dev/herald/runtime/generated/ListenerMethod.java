package dev.herald.runtime.generated;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One {@code @Subscribe} method as the processor saw it: what it hears, how it wants it delivered and
 * how to call it. Built by generated dispatchers; options the annotation left at their defaults stay at
 * the defaults here, and {@code 0} / {@link Duration#ZERO} mean "the bus's default".
 *
 * @param <L> the listener class
 */
public final class ListenerMethod<L> {

  /** What the method's parameter receives. */
  public enum Parameter {
    /** The payload record (or a sealed interface of payloads). */
    PAYLOAD,
    /** The whole {@link dev.herald.runtime.Envelope}. */
    ENVELOPE
  }

  private final String name;
  private final Parameter parameter;
  private final List<Class<? extends Record>> events;
  private final List<String> patterns;
  private final int priority;
  private final Delivery delivery;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Duration timeout;
  private final ListenerInvoker<L> invoker;

  private ListenerMethod(Builder<L> builder, ListenerInvoker<L> invoker) {
    this.name = builder.name;
    this.parameter = builder.parameter;
    this.events = List.copyOf(builder.events);
    this.patterns = List.copyOf(builder.patterns);
    this.priority = builder.priority;
    this.delivery = builder.delivery;
    this.maxAttempts = builder.maxAttempts;
    this.backoff = builder.backoff;
    this.maxBackoff = builder.maxBackoff;
    this.timeout = builder.timeout;
    this.invoker = Objects.requireNonNull(invoker, "invoker");
  }

  /**
   * Starts describing a method.
   *
   * @param name the method as people read it, e.g. {@code on(MessageReceived)}
   */
  public static <L> Builder<L> named(String name, Parameter parameter) {
    return new Builder<>(name, parameter);
  }

  public String name() {
    return name;
  }

  public Parameter parameter() {
    return parameter;
  }

  /** The event records the method hears by type; empty for a pattern listener. */
  public List<Class<? extends Record>> events() {
    return events;
  }

  /** The name patterns the method hears; empty for a typed listener. */
  public List<String> patterns() {
    return patterns;
  }

  public int priority() {
    return priority;
  }

  public Delivery delivery() {
    return delivery;
  }

  /** Attempts before dead-lettering; {@code 0} for the bus's default. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The first retry's wait; {@link Duration#ZERO} for the bus's default. */
  public Duration backoff() {
    return backoff;
  }

  /** The longest wait between retries; {@link Duration#ZERO} for the bus's default. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** How long one asynchronous delivery may take; {@link Duration#ZERO} for no limit. */
  public Duration timeout() {
    return timeout;
  }

  public ListenerInvoker<L> invoker() {
    return invoker;
  }

  @Override
  public String toString() {
    return "ListenerMethod[" + name + ", " + delivery + ", priority " + priority + "]";
  }

  /** Collects a method's options; {@link #invokes} completes it. */
  public static final class Builder<L> {
    private final String name;
    private final Parameter parameter;
    private List<Class<? extends Record>> events = List.of();
    private List<String> patterns = List.of();
    private int priority;
    private Delivery delivery = Delivery.SYNC;
    private int maxAttempts;
    private Duration backoff = Duration.ZERO;
    private Duration maxBackoff = Duration.ZERO;
    private Duration timeout = Duration.ZERO;

    private Builder(String name, Parameter parameter) {
      this.name = Objects.requireNonNull(name, "name");
      this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, by List.of, which copies it
    public final Builder<L> hears(Class<? extends Record>... events) {
      this.events = List.of(events);
      return this;
    }

    public Builder<L> patterns(String... patterns) {
      this.patterns = List.of(patterns);
      return this;
    }

    public Builder<L> priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder<L> delivery(Delivery delivery) {
      this.delivery = Objects.requireNonNull(delivery, "delivery");
      return this;
    }

    public Builder<L> maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder<L> backoffMillis(long millis) {
      this.backoff = Duration.ofMillis(millis);
      return this;
    }

    public Builder<L> maxBackoffMillis(long millis) {
      this.maxBackoff = Duration.ofMillis(millis);
      return this;
    }

    public Builder<L> timeoutMillis(long millis) {
      this.timeout = Duration.ofMillis(millis);
      return this;
    }

    /** Completes the description with the call that delivers an event. */
    public ListenerMethod<L> invokes(ListenerInvoker<L> invoker) {
      return new ListenerMethod<>(this, invoker);
    }

    /**
     * Completes the description: events are delivered by {@code dispatcher}'s
     * {@link ListenerDispatcher#invoke invoke(index, listener, envelope)}. What generated
     * dispatchers use.
     */
    public ListenerMethod<L> invokes(ListenerDispatcher<L> dispatcher, int index) {
      return new ListenerMethod<>(this, new Dispatched<>(dispatcher, index));
    }
  }

  /**
   * One invoker class for every generated method, so the bus's call into it stays monomorphic;
   * the listener-specific call is the dispatcher's {@code switch}.
   */
  private static final class Dispatched<L> implements ListenerInvoker<L> {
    private final ListenerDispatcher<L> dispatcher;
    private final int index;

    Dispatched(ListenerDispatcher<L> dispatcher, int index) {
      this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
      this.index = index;
    }

    @Override
    public CompletionStage<?> invoke(L listener, Envelope<?> envelope) throws Exception {
      return dispatcher.invoke(index, listener, envelope);
    }
  }
}
