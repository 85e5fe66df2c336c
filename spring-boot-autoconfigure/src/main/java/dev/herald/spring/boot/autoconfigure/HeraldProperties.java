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
   * Log level of published events per event name pattern, e.g. herald.log-levels[task:*]=info; the
   * first matching pattern wins, and events matching none log at DEBUG.
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

  /** The value of {@code herald.enabled}. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets {@code herald.enabled}. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The value of {@code herald.source}. */
  public String getSource() {
    return source;
  }

  /** Sets {@code herald.source}. */
  public void setSource(String source) {
    this.source = source;
  }

  /** The value of {@code herald.mdc}. */
  public boolean isMdc() {
    return mdc;
  }

  /** Sets {@code herald.mdc}. */
  public void setMdc(boolean mdc) {
    this.mdc = mdc;
  }

  /** The value of {@code herald.log-levels}. */
  public Map<String, Level> getLogLevels() {
    return logLevels;
  }

  /** The {@code herald.async.*} settings. */
  public Async getAsync() {
    return async;
  }

  /** The {@code herald.backpressure.*} settings. */
  public Backpressure getBackpressure() {
    return backpressure;
  }

  /** The {@code herald.retry.*} settings. */
  public Retry getRetry() {
    return retry;
  }

  /** The {@code herald.metrics.*} settings. */
  public Metrics getMetrics() {
    return metrics;
  }

  /** The {@code herald.history.*} settings. */
  public History getHistory() {
    return history;
  }

  /** The {@code herald.health.*} settings. */
  public Health getHealth() {
    return health;
  }

  /** The {@code herald.listeners.*} settings. */
  public Listeners getListeners() {
    return listeners;
  }

  /** The {@code herald.shutdown.*} settings. */
  public Shutdown getShutdown() {
    return shutdown;
  }

  /** The {@code herald.stores.*} settings. */
  public Stores getStores() {
    return stores;
  }

  /** The {@code herald.transport.*} settings. */
  public Transport getTransport() {
    return transport;
  }

  /** The {@code herald.transactions.*} settings. */
  public Transactions getTransactions() {
    return transactions;
  }

  /** The bus's own executor for ASYNC and ORDERED deliveries. */
  public static class Async {

    /** Threads of the bus's executor. Default the number of processors, at least 2. */
    private Integer threads;

    /** How many asynchronous deliveries may wait or run at once. */
    private int queueCapacity = 8192;

    /** The value of {@code herald.async.threads}. */
    public Integer getThreads() {
      return threads;
    }

    /** Sets {@code herald.async.threads}. */
    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    /** The value of {@code herald.async.queue-capacity}. */
    public int getQueueCapacity() {
      return queueCapacity;
    }

    /** Sets {@code herald.async.queue-capacity}. */
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

    /** The value of {@code herald.backpressure.policy}. */
    public BackpressurePolicy getPolicy() {
      return policy;
    }

    /** Sets {@code herald.backpressure.policy}. */
    public void setPolicy(BackpressurePolicy policy) {
      this.policy = policy;
    }

    /** The value of {@code herald.backpressure.block-timeout}. */
    public Duration getBlockTimeout() {
      return blockTimeout;
    }

    /** Sets {@code herald.backpressure.block-timeout}. */
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

    /** The value of {@code herald.retry.max-attempts}. */
    public int getMaxAttempts() {
      return maxAttempts;
    }

    /** Sets {@code herald.retry.max-attempts}. */
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** The value of {@code herald.retry.initial-backoff}. */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /** Sets {@code herald.retry.initial-backoff}. */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /** The value of {@code herald.retry.max-backoff}. */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /** Sets {@code herald.retry.max-backoff}. */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /** The value of {@code herald.retry.jitter}. */
    public double getJitter() {
      return jitter;
    }

    /** Sets {@code herald.retry.jitter}. */
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

    /** The value of {@code herald.metrics.enabled}. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@code herald.metrics.enabled}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The value of {@code herald.metrics.micrometer}. */
    public boolean isMicrometer() {
      return micrometer;
    }

    /** Sets {@code herald.metrics.micrometer}. */
    public void setMicrometer(boolean micrometer) {
      this.micrometer = micrometer;
    }
  }

  /** The in-memory ring of recent events, for debugging (bus.history(), bus.status(id)). */
  public static class History {

    /** How many recent events to keep; 0 keeps none. */
    private int capacity;

    /** The value of {@code herald.history.capacity}. */
    public int getCapacity() {
      return capacity;
    }

    /** Sets {@code herald.history.capacity}. */
    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }
  }

  /** What bus.health() and the "herald" health indicator report. */
  public static class Health {

    /** Dead letters within a minute that make the bus DEGRADED; 0 never. */
    private int deadLetterAlarm = 1;

    /** The value of {@code herald.health.dead-letter-alarm}. */
    public int getDeadLetterAlarm() {
      return deadLetterAlarm;
    }

    /** Sets {@code herald.health.dead-letter-alarm}. */
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

    /** The value of {@code herald.listeners.enabled}. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@code herald.listeners.enabled}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The value of {@code herald.listeners.limit}. */
    public int getLimit() {
      return limit;
    }

    /** Sets {@code herald.listeners.limit}. */
    public void setLimit(int limit) {
      this.limit = limit;
    }

    /** The value of {@code herald.listeners.warn-at}. */
    public int getWarnAt() {
      return warnAt;
    }

    /** Sets {@code herald.listeners.warn-at}. */
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

    /** The value of {@code herald.shutdown.timeout}. */
    public Duration getTimeout() {
      return timeout;
    }

    /** Sets {@code herald.shutdown.timeout}. */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Where dead letters and persisted events are kept. */
  public static class Stores {

    /** Letters the in-memory dead-letter store keeps (when no other store is configured). */
    private int memoryCapacity = 10_000;

    private final Jdbc jdbc = new Jdbc();

    /** The value of {@code herald.stores.memory-capacity}. */
    public int getMemoryCapacity() {
      return memoryCapacity;
    }

    /** Sets {@code herald.stores.memory-capacity}. */
    public void setMemoryCapacity(int memoryCapacity) {
      this.memoryCapacity = memoryCapacity;
    }

    /** The {@code herald.stores.jdbc.*} settings. */
    public Jdbc getJdbc() {
      return jdbc;
    }
  }

  /** herald-jdbc's stores on the application's DataSource (SQLite or PostgreSQL), if present. */
  public static class Jdbc {

    /** Whether herald-jdbc's stores are configured on the application's DataSource. */
    private boolean enabled = true;

    /** Whether dead letters go to the DataSource (table herald_dead_letters). */
    private boolean deadLetters = true;

    /** Whether events whose contract says persist are appended to the DataSource. */
    private boolean events = true;

    /** PER_EVENT commits each appended event; GROUP_COMMIT one commit per few milliseconds. */
    private EventStore.Durability durability = EventStore.Durability.PER_EVENT;

    /** The value of {@code herald.stores.jdbc.enabled}. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@code herald.stores.jdbc.enabled}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The value of {@code herald.stores.jdbc.dead-letters}. */
    public boolean isDeadLetters() {
      return deadLetters;
    }

    /** Sets {@code herald.stores.jdbc.dead-letters}. */
    public void setDeadLetters(boolean deadLetters) {
      this.deadLetters = deadLetters;
    }

    /** The value of {@code herald.stores.jdbc.events}. */
    public boolean isEvents() {
      return events;
    }

    /** Sets {@code herald.stores.jdbc.events}. */
    public void setEvents(boolean events) {
      this.events = events;
    }

    /** The value of {@code herald.stores.jdbc.durability}. */
    public EventStore.Durability getDurability() {
      return durability;
    }

    /** Sets {@code herald.stores.jdbc.durability}. */
    public void setDurability(EventStore.Durability durability) {
      this.durability = durability;
    }
  }

  /** Carrying events between processes. */
  public static class Transport {

    private final Redis redis = new Redis();

    /** The {@code herald.transport.redis.*} settings. */
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

    /** Of the carried events, those this process consumes; default all of them. */
    private List<String> consumes = new ArrayList<>();

    /** Whether this process only publishes to Redis and consumes nothing from it. */
    private boolean publishOnly;

    /** This process's consumer name in the group; default source-pid@host. */
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

    /** The value of {@code herald.transport.redis.enabled}. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@code herald.transport.redis.enabled}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The value of {@code herald.transport.redis.namespace}. */
    public String getNamespace() {
      return namespace;
    }

    /** Sets {@code herald.transport.redis.namespace}. */
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    /** The value of {@code herald.transport.redis.carries}. */
    public List<String> getCarries() {
      return carries;
    }

    /** Sets {@code herald.transport.redis.carries}. */
    public void setCarries(List<String> carries) {
      this.carries = carries;
    }

    /** The value of {@code herald.transport.redis.consumes}. */
    public List<String> getConsumes() {
      return consumes;
    }

    /** Sets {@code herald.transport.redis.consumes}. */
    public void setConsumes(List<String> consumes) {
      this.consumes = consumes;
    }

    /** The value of {@code herald.transport.redis.publish-only}. */
    public boolean isPublishOnly() {
      return publishOnly;
    }

    /** Sets {@code herald.transport.redis.publish-only}. */
    public void setPublishOnly(boolean publishOnly) {
      this.publishOnly = publishOnly;
    }

    /** The value of {@code herald.transport.redis.consumer}. */
    public String getConsumer() {
      return consumer;
    }

    /** Sets {@code herald.transport.redis.consumer}. */
    public void setConsumer(String consumer) {
      this.consumer = consumer;
    }

    /** The value of {@code herald.transport.redis.max-deliveries}. */
    public int getMaxDeliveries() {
      return maxDeliveries;
    }

    /** Sets {@code herald.transport.redis.max-deliveries}. */
    public void setMaxDeliveries(int maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
    }

    /** The value of {@code herald.transport.redis.claim-idle}. */
    public Duration getClaimIdle() {
      return claimIdle;
    }

    /** Sets {@code herald.transport.redis.claim-idle}. */
    public void setClaimIdle(Duration claimIdle) {
      this.claimIdle = claimIdle;
    }

    /** The value of {@code herald.transport.redis.publish-timeout}. */
    public Duration getPublishTimeout() {
      return publishTimeout;
    }

    /** Sets {@code herald.transport.redis.publish-timeout}. */
    public void setPublishTimeout(Duration publishTimeout) {
      this.publishTimeout = publishTimeout;
    }

    /** The value of {@code herald.transport.redis.start-from-earliest}. */
    public boolean isStartFromEarliest() {
      return startFromEarliest;
    }

    /** Sets {@code herald.transport.redis.start-from-earliest}. */
    public void setStartFromEarliest(boolean startFromEarliest) {
      this.startFromEarliest = startFromEarliest;
    }

    /** The value of {@code herald.transport.redis.dead-letters}. */
    public boolean isDeadLetters() {
      return deadLetters;
    }

    /** Sets {@code herald.transport.redis.dead-letters}. */
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

    /** The value of {@code herald.transactions.enabled}. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@code herald.transactions.enabled}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The value of {@code herald.transactions.without-transaction}. */
    public WithoutTransaction getWithoutTransaction() {
      return withoutTransaction;
    }

    /** Sets {@code herald.transactions.without-transaction}. */
    public void setWithoutTransaction(WithoutTransaction withoutTransaction) {
      this.withoutTransaction = withoutTransaction;
    }
  }
}
