package dev.herald.spring.boot.autoconfigure;

import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.store.EventStore;
import dev.herald.spring.boot.transaction.WithoutTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.Level;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Herald's settings under {@code herald.*}: each maps to one option of
 * {@link dev.herald.runtime.EventBus.Builder} or of an integration, with the same default. An
 * {@link EventBusBuilderCustomizer} bean configures what properties cannot (an executor, a clock).
 */
@ConfigurationProperties("herald")
public class HeraldProperties {

  /** Whether Herald's auto-configuration runs at all. */
  private boolean enabled = true;

  /**
   * The name the bus stamps on envelopes as their source, and the Redis consumer group. Default
   * spring.application.name, else "herald".
   */
  private String source;

  /** Whether listeners run with the event's id, type, correlation id and tenant in SLF4J's MDC. */
  private boolean mdc = true;

  /**
   * Log level of published events per event name pattern, e.g. {@code herald.log-levels[task:*]=info};
   * the first matching pattern wins, and events matching none log at DEBUG.
   */
  private final Map<String, Level> logLevels = new LinkedHashMap<>();

  private final Async async = new Async();
  private final Backpressure backpressure = new Backpressure();
  private final Retry retry = new Retry();
  private final Metrics metrics = new Metrics();
  private final History history = new History();
  private final Health health = new Health();
  private final Listeners listeners = new Listeners();
  private final Shutdown shutdown = new Shutdown();
  private final Stores stores = new Stores();
  private final Transport transport = new Transport();
  private final Transactions transactions = new Transactions();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public boolean isMdc() {
    return mdc;
  }

  public void setMdc(boolean mdc) {
    this.mdc = mdc;
  }

  public Map<String, Level> getLogLevels() {
    return logLevels;
  }

  public Async getAsync() {
    return async;
  }

  public Backpressure getBackpressure() {
    return backpressure;
  }

  public Retry getRetry() {
    return retry;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public History getHistory() {
    return history;
  }

  public Health getHealth() {
    return health;
  }

  public Listeners getListeners() {
    return listeners;
  }

  public Shutdown getShutdown() {
    return shutdown;
  }

  public Stores getStores() {
    return stores;
  }

  public Transport getTransport() {
    return transport;
  }

  public Transactions getTransactions() {
    return transactions;
  }

  /** The bus's own executor for ASYNC and ORDERED deliveries. */
  public static class Async {

    /** Threads of the bus's executor. Default the number of processors, at least 2. */
    private Integer threads;

    /** How many asynchronous deliveries may wait or run at once. */
    private int queueCapacity = 8192;

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public int getQueueCapacity() {
      return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
    }
  }

  /** What publish does when the asynchronous queue is full. */
  public static class Backpressure {

    /**
     * BLOCK waits for room up to block-timeout, then dead-letters; FAIL throws
     * BackpressureException to the publisher; DEAD_LETTER dead-letters at once.
     */
    private BackpressurePolicy policy = BackpressurePolicy.BLOCK;

    /** How long BLOCK waits for room in the queue. */
    private Duration blockTimeout = Duration.ofSeconds(5);

    public BackpressurePolicy getPolicy() {
      return policy;
    }

    public void setPolicy(BackpressurePolicy policy) {
      this.policy = policy;
    }

    public Duration getBlockTimeout() {
      return blockTimeout;
    }

    public void setBlockTimeout(Duration blockTimeout) {
      this.blockTimeout = blockTimeout;
    }
  }

  /** Retries of subscribers that set none themselves: exponential backoff with jitter. */
  public static class Retry {

    /** Attempts in all, at least 1 (1 means no retry). */
    private int maxAttempts = 3;

    /** The wait before the first retry. */
    private Duration initialBackoff = Duration.ofMillis(100);

    /** The longest wait between two attempts. */
    private Duration maxBackoff = Duration.ofSeconds(30);

    /** The random share taken off each wait, between 0 and 1. */
    private double jitter = 0.5;

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public double getJitter() {
      return jitter;
    }

    public void setJitter(double jitter) {
      this.jitter = jitter;
    }
  }

  /** The bus's metrics, and their export to Micrometer. */
  public static class Metrics {

    /** Whether the bus counts events and measures handlers (bus.metrics()). */
    private boolean enabled = true;

    /**
     * Whether herald-micrometer's binder is bound to the application's MeterRegistry (when both
     * are present), so that the metrics show in /actuator/metrics and /actuator/prometheus.
     */
    private boolean micrometer = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isMicrometer() {
      return micrometer;
    }

    public void setMicrometer(boolean micrometer) {
      this.micrometer = micrometer;
    }
  }

  /** The in-memory ring of recent events, for debugging (bus.history(), bus.status(id)). */
  public static class History {

    /** How many recent events to keep; 0 keeps none. */
    private int capacity;

    public int getCapacity() {
      return capacity;
    }

    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }
  }

  /** What bus.health() and the "herald" health indicator report. */
  public static class Health {

    /** Dead letters within a minute that make the bus DEGRADED; 0 never. */
    private int deadLetterAlarm = 1;

    public int getDeadLetterAlarm() {
      return deadLetterAlarm;
    }

    public void setDeadLetterAlarm(int deadLetterAlarm) {
      this.deadLetterAlarm = deadLetterAlarm;
    }
  }

  /** Listener beans: beans whose class has @Subscribe methods. */
  public static class Listeners {

    /**
     * Whether every singleton bean with @Subscribe methods is registered through its generated
     * dispatcher when the context starts, and unregistered when it stops.
     */
    private boolean enabled = true;

    /** At most this many subscribers per event type. */
    private int limit = 50;

    /** A warning from this many subscribers per event type on. */
    private int warnAt = 40;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getLimit() {
      return limit;
    }

    public void setLimit(int limit) {
      this.limit = limit;
    }

    public int getWarnAt() {
      return warnAt;
    }

    public void setWarnAt(int warnAt) {
      this.warnAt = warnAt;
    }
  }

  /** Closing the bus when the context stops. */
  public static class Shutdown {

    /**
     * How long closing waits for queued and running deliveries; what is unfinished then is
     * dead-lettered.
     */
    private Duration timeout = Duration.ofSeconds(30);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Where dead letters and persisted events are kept. */
  public static class Stores {

    /** Letters the in-memory dead-letter store keeps (when no other store is configured). */
    private int memoryCapacity = 10_000;

    private final Jdbc jdbc = new Jdbc();

    public int getMemoryCapacity() {
      return memoryCapacity;
    }

    public void setMemoryCapacity(int memoryCapacity) {
      this.memoryCapacity = memoryCapacity;
    }

    public Jdbc getJdbc() {
      return jdbc;
    }
  }

  /** herald-jdbc's stores on the application's (SQLite) DataSource, when both are present. */
  public static class Jdbc {

    /** Whether herald-jdbc's stores are configured on the application's DataSource. */
    private boolean enabled = true;

    /** Whether dead letters go to the DataSource (table herald_dead_letters). */
    private boolean deadLetters = true;

    /** Whether events whose contract says persist are appended to the DataSource. */
    private boolean events = true;

    /** PER_EVENT commits each appended event; GROUP_COMMIT one commit per few milliseconds. */
    private EventStore.Durability durability = EventStore.Durability.PER_EVENT;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isDeadLetters() {
      return deadLetters;
    }

    public void setDeadLetters(boolean deadLetters) {
      this.deadLetters = deadLetters;
    }

    public boolean isEvents() {
      return events;
    }

    public void setEvents(boolean events) {
      this.events = events;
    }

    public EventStore.Durability getDurability() {
      return durability;
    }

    public void setDurability(EventStore.Durability durability) {
      this.durability = durability;
    }
  }

  /** Carrying events between processes. */
  public static class Transport {

    private final Redis redis = new Redis();

    public Redis getRedis() {
      return redis;
    }
  }

  /**
   * herald-redis's transport, connected with Boot's Redis connection (spring.data.redis.*), when
   * herald-redis and Boot's Redis support are present.
   */
  public static class Redis {

    /** Whether the Redis transport is configured. */
    private boolean enabled = true;

    /** Prefix of every Redis key the transport uses. */
    private String namespace = "herald";

    /**
     * The events that travel over Redis, as names or patterns (task:*); the others stay in the
     * process. Default every event outside Herald's own herald namespace.
     */
    private List<String> carries = new ArrayList<>();

    /**
     * Of the carried events, those this process consumes; default all of them. An empty list
     * (herald.transport.redis.consumes=) with publish-only set consumes none.
     */
    private List<String> consumes = new ArrayList<>();

    /** Whether this process only publishes to Redis and consumes nothing from it. */
    private boolean publishOnly;

    /** This process's consumer name in the group; default {@code <source>-<pid>@<host>}. */
    private String consumer;

    /** Deliveries of one entry before it is dead-lettered. */
    private int maxDeliveries = 5;

    /**
     * How long an entry stays pending before another consumer claims it; longer than the slowest
     * delivery with its retries.
     */
    private Duration claimIdle = Duration.ofSeconds(30);

    /** How long publish waits for Redis's reply. */
    private Duration publishTimeout = Duration.ofSeconds(5);

    /** Whether a group this service creates starts at the beginning of what a stream retains. */
    private boolean startFromEarliest;

    /**
     * Whether the bus's dead letters are the transport's dead-letter stream, so that Actuator
     * lists, replays and purges them there.
     */
    private boolean deadLetters = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public List<String> getCarries() {
      return carries;
    }

    public void setCarries(List<String> carries) {
      this.carries = carries;
    }

    public List<String> getConsumes() {
      return consumes;
    }

    public void setConsumes(List<String> consumes) {
      this.consumes = consumes;
    }

    public boolean isPublishOnly() {
      return publishOnly;
    }

    public void setPublishOnly(boolean publishOnly) {
      this.publishOnly = publishOnly;
    }

    public String getConsumer() {
      return consumer;
    }

    public void setConsumer(String consumer) {
      this.consumer = consumer;
    }

    public int getMaxDeliveries() {
      return maxDeliveries;
    }

    public void setMaxDeliveries(int maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
    }

    public Duration getClaimIdle() {
      return claimIdle;
    }

    public void setClaimIdle(Duration claimIdle) {
      this.claimIdle = claimIdle;
    }

    public Duration getPublishTimeout() {
      return publishTimeout;
    }

    public void setPublishTimeout(Duration publishTimeout) {
      this.publishTimeout = publishTimeout;
    }

    public boolean isStartFromEarliest() {
      return startFromEarliest;
    }

    public void setStartFromEarliest(boolean startFromEarliest) {
      this.startFromEarliest = startFromEarliest;
    }

    public boolean isDeadLetters() {
      return deadLetters;
    }

    public void setDeadLetters(boolean deadLetters) {
      this.deadLetters = deadLetters;
    }
  }

  /** Publishing from inside Spring transactions (TransactionalEventPublisher). */
  public static class Transactions {

    /** Whether a TransactionalEventPublisher bean is configured (needs spring-tx). */
    private boolean enabled = true;

    /**
     * What TransactionalEventPublisher does when called outside a transaction: PUBLISH at once,
     * or FAIL with an IllegalStateException.
     */
    private WithoutTransaction withoutTransaction = WithoutTransaction.PUBLISH;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public WithoutTransaction getWithoutTransaction() {
      return withoutTransaction;
    }

    public void setWithoutTransaction(WithoutTransaction withoutTransaction) {
      this.withoutTransaction = withoutTransaction;
    }
  }
}
