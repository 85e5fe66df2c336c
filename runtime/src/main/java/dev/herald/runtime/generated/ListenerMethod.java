package dev.herald.runtime.generated;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.DeliveryOptions;
import dev.herald.runtime.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One {@code @Subscribe} method as the processor saw it: what it hears, how it wants it delivered
 * (its {@link DeliveryOptions}, which programmatic subscriptions share) and how to call it. Built by
 * generated dispatchers. The builder takes the annotation's values, where {@code 0} means "the bus's
 * default" for the retry options; the accessors of single options keep that marker, and
 * {@link #deliveryOptions()} leaves those options empty.
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
  private final DeliveryOptions options;
  private final ListenerInvoker<L> invoker;
  /** Null unless the method takes batches. */
  private final BatchInvoker<L> batchInvoker;

  /** Calls a batch method with a batch: what {@link #batchInvoker()} returns. */
  @FunctionalInterface
  public interface BatchInvoker<L> {
    /**
     * Delivers {@code batch} to {@code listener}.
     *
     * @return what the method returned if it returns a {@code CompletionStage}, else {@code null}
     * @throws Exception whatever the listener method throws
     */
    CompletionStage<?> invoke(L listener, List<Envelope<?>> batch) throws Exception;
  }

  private ListenerMethod(Builder<L> builder, ListenerInvoker<L> invoker,
      BatchInvoker<L> batchInvoker) {
    this.name = builder.name;
    this.parameter = builder.parameter;
    this.events = List.copyOf(builder.events);
    this.patterns = List.copyOf(builder.patterns);
    this.options = builder.options(name);
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.batchInvoker = options.isBatch()
        ? Objects.requireNonNull(batchInvoker, "a batch method's invoker") : null;
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

  /** How the method wants its events delivered. */
  public DeliveryOptions deliveryOptions() {
    return options;
  }

  public int priority() {
    return options.priority();
  }

  public Delivery delivery() {
    return options.delivery();
  }

  /** Attempts before dead-lettering; {@code 0} for the bus's default. */
  public int maxAttempts() {
    return options.maxAttempts().orElse(0);
  }

  /** The first retry's wait; {@link Duration#ZERO} for the bus's default. */
  public Duration backoff() {
    return options.initialBackoff().orElse(Duration.ZERO);
  }

  /** The longest wait between retries; {@link Duration#ZERO} for the bus's default. */
  public Duration maxBackoff() {
    return options.maxBackoff().orElse(Duration.ZERO);
  }

  /** How long a stage the method returns may take; see {@link DeliveryOptions#timeout()}. */
  public Duration timeout() {
    return options.timeout();
  }

  public ListenerInvoker<L> invoker() {
    return invoker;
  }

  /**
   * The generated dispatcher whose {@link ListenerDispatcher#invoke invoke(dispatcherIndex(),
   * listener, envelope)} delivers one event to this method, or {@code null} for a method described
   * with an invoker of its own or one that takes batches. The bus calls it directly: one call
   * fewer per delivery than through {@link #invoker()}.
   */
  public ListenerDispatcher<L> dispatcher() {
    return invoker instanceof Dispatched<L> dispatched ? dispatched.dispatcher : null;
  }

  /** The number {@link #dispatcher()} knows this method by, or {@code -1} without one. */
  public int dispatcherIndex() {
    return invoker instanceof Dispatched<L> dispatched ? dispatched.index : -1;
  }

  /**
   * For a batch method ({@link DeliveryOptions#isBatch()}): the call that delivers a batch, else
   * {@code null}. Its {@link #invoker()} delivers one event as a batch of one (a replayed dead
   * letter).
   */
  public BatchInvoker<L> batchInvoker() {
    return batchInvoker;
  }

  @Override
  public String toString() {
    return "ListenerMethod[" + name + ", " + options.delivery() + ", priority "
        + options.priority() + "]";
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
    private FailurePolicy onFailure = FailurePolicy.DEAD_LETTER;
    private int concurrency;
    private int batchSize;
    private Duration batchWait = Duration.ZERO;

    /**
     * The options collected, in one order whatever order they were given in; the annotation's
     * {@code 0} leaves a retry option to the bus.
     */
    private DeliveryOptions options(String method) {
      try {
        DeliveryOptions options = DeliveryOptions.defaults().delivery(delivery).priority(priority);
        if (maxAttempts != 0) {
          options = options.maxAttempts(maxAttempts);
        }
        if (!backoff.isZero()) {
          options = options.initialBackoff(backoff);
        }
        if (!maxBackoff.isZero()) {
          options = options.maxBackoff(maxBackoff);
        }
        options = options.timeout(timeout).onFailure(onFailure);
        if (batchSize > 0) {
          options = options.batch(batchSize, batchWait);
        }
        return concurrency > 0 ? options.concurrency(concurrency) : options;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("@Subscribe method " + method + ": " + e.getMessage(),
            e);
      }
    }

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

    public Builder<L> onFailure(FailurePolicy policy) {
      this.onFailure = Objects.requireNonNull(policy, "onFailure");
      return this;
    }

    public Builder<L> concurrency(int limit) {
      this.concurrency = limit;
      return this;
    }

    /** For a batch listener: its batch size and the longest wait of a batch's first event. */
    public Builder<L> batch(int size, long maxWaitMillis) {
      this.batchSize = size;
      this.batchWait = Duration.ofMillis(maxWaitMillis);
      return this;
    }

    /** Completes the description with the call that delivers an event. */
    public ListenerMethod<L> invokes(ListenerInvoker<L> invoker) {
      return new ListenerMethod<>(this, invoker, null);
    }

    /** Completes the description of a batch method with the call that delivers a batch. */
    public ListenerMethod<L> invokesBatches(BatchInvoker<L> invoker) {
      Objects.requireNonNull(invoker, "invoker");
      return new ListenerMethod<>(this, (listener, envelope) ->
          invoker.invoke(listener, List.of(envelope)), invoker);
    }

    /**
     * Completes the description: events are delivered by {@code dispatcher}'s
     * {@link ListenerDispatcher#invoke invoke(index, listener, envelope)}. What generated
     * dispatchers use.
     */
    public ListenerMethod<L> invokes(ListenerDispatcher<L> dispatcher, int index) {
      Dispatched<L> dispatched = new Dispatched<>(dispatcher, index);
      return new ListenerMethod<>(this, batchSize > 0
          ? (listener, envelope) -> dispatched.invoke(listener, List.of(envelope)) : dispatched,
          dispatched);
    }
  }

  /**
   * One invoker class for every generated method, so the bus's call into it stays monomorphic;
   * the listener-specific call is the dispatcher's {@code switch}.
   */
  private static final class Dispatched<L> implements ListenerInvoker<L>, BatchInvoker<L> {
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

    @Override
    public CompletionStage<?> invoke(L listener, List<Envelope<?>> batch) throws Exception {
      return dispatcher.invokeBatch(index, listener, batch);
    }
  }
}
