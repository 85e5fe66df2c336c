package dev.herald.spring.boot.autoconfigure;

import dev.herald.jdbc.OutboxCompletion;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code herald.outbox.*}: herald-jdbc's transactional outbox in the application's DataSource,
 * behind {@code TransactionalEventPublisher}. Each default is the outbox's own.
 */
@ConfigurationProperties("herald.outbox")
public class HeraldOutboxProperties {

  /**
   * Whether events published with TransactionalEventPublisher inside a transaction are written to
   * the outbox table (herald_outbox) in that transaction and relayed after the commit, instead of
   * kept in memory until the commit. Off unless set: it adds a table and a relay thread.
   */
  private boolean enabled;

  /** Where the relay hands committed entries. */
  private Target target = Target.LOCAL;

  /** How often the relay looks for entries it was not told about (a crash's, another node's). */
  private Duration pollInterval = Duration.ofSeconds(1);

  /** How many entries one relay pass claims. */
  private int batchSize = 100;

  /** How long a claim excludes other instances sharing the table. */
  private Duration lease = Duration.ofSeconds(60);

  /** This instance's name in the leases it takes; a random UUID when not set. */
  private String instance;

  /** What happens to a delivered entry: MARK it completed, DELETE it, or ARCHIVE it. */
  private OutboxCompletion completion = OutboxCompletion.MARK;

  /** How long completed and archived entries are kept before the sweep deletes them. */
  private Duration retention = Duration.ofDays(7);

  /** How often the relay sweeps entries older than the retention away. */
  private Duration sweepInterval = Duration.ofMinutes(10);

  /**
   * Whether entries of one @OrderingKey value (per event type) are relayed in publish order, each
   * waiting for the one before it.
   */
  private boolean orderByKey;

  /** How old the oldest pending entry may be before the outbox's health is DEGRADED. */
  private Duration healthThreshold = Duration.ofMinutes(5);

  private final Retry retry = new Retry();

  /** The value of {@code herald.outbox.enabled}. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets {@code herald.outbox.enabled}. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The value of {@code herald.outbox.target}. */
  public Target getTarget() {
    return target;
  }

  /** Sets {@code herald.outbox.target}. */
  public void setTarget(Target target) {
    this.target = target;
  }

  /** The value of {@code herald.outbox.poll-interval}. */
  public Duration getPollInterval() {
    return pollInterval;
  }

  /** Sets {@code herald.outbox.poll-interval}. */
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /** The value of {@code herald.outbox.batch-size}. */
  public int getBatchSize() {
    return batchSize;
  }

  /** Sets {@code herald.outbox.batch-size}. */
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  /** The value of {@code herald.outbox.lease}. */
  public Duration getLease() {
    return lease;
  }

  /** Sets {@code herald.outbox.lease}. */
  public void setLease(Duration lease) {
    this.lease = lease;
  }

  /** The value of {@code herald.outbox.instance}. */
  public String getInstance() {
    return instance;
  }

  /** Sets {@code herald.outbox.instance}. */
  public void setInstance(String instance) {
    this.instance = instance;
  }

  /** The value of {@code herald.outbox.completion}. */
  public OutboxCompletion getCompletion() {
    return completion;
  }

  /** Sets {@code herald.outbox.completion}. */
  public void setCompletion(OutboxCompletion completion) {
    this.completion = completion;
  }

  /** The value of {@code herald.outbox.retention}. */
  public Duration getRetention() {
    return retention;
  }

  /** Sets {@code herald.outbox.retention}. */
  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  /** The value of {@code herald.outbox.sweep-interval}. */
  public Duration getSweepInterval() {
    return sweepInterval;
  }

  /** Sets {@code herald.outbox.sweep-interval}. */
  public void setSweepInterval(Duration sweepInterval) {
    this.sweepInterval = sweepInterval;
  }

  /** The value of {@code herald.outbox.order-by-key}. */
  public boolean isOrderByKey() {
    return orderByKey;
  }

  /** Sets {@code herald.outbox.order-by-key}. */
  public void setOrderByKey(boolean orderByKey) {
    this.orderByKey = orderByKey;
  }

  /** The value of {@code herald.outbox.health-threshold}. */
  public Duration getHealthThreshold() {
    return healthThreshold;
  }

  /** Sets {@code herald.outbox.health-threshold}. */
  public void setHealthThreshold(Duration healthThreshold) {
    this.healthThreshold = healthThreshold;
  }

  /** {@code herald.outbox.retry.*}. */
  public Retry getRetry() {
    return retry;
  }

  /** Where the relay hands committed entries. */
  public enum Target {
    /** The bus's local listeners ({@code bus.deliver}), with their own retries. */
    LOCAL,
    /** The bus's transport only (a Transport bean is required), to other processes. */
    TRANSPORT,
    /** The local listeners, then the transport; delivered when both took it. */
    LOCAL_AND_TRANSPORT
  }

  /** Attempts and backoff per outbox entry; after the last, it is FAILED and dead-lettered. */
  public static class Retry {

    /** Attempts in all per entry (each claim counts one). */
    private int maxAttempts = 10;

    /** The wait before the second attempt. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** The longest wait between two attempts. */
    private Duration maxBackoff = Duration.ofMinutes(5);

    /** The random share taken off each wait, 0 to 1. */
    private double jitter = 0.5;

    /** The value of {@code herald.outbox.retry.max-attempts}. */
    public int getMaxAttempts() {
      return maxAttempts;
    }

    /** Sets {@code herald.outbox.retry.max-attempts}. */
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** The value of {@code herald.outbox.retry.initial-backoff}. */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /** Sets {@code herald.outbox.retry.initial-backoff}. */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /** The value of {@code herald.outbox.retry.max-backoff}. */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /** Sets {@code herald.outbox.retry.max-backoff}. */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /** The value of {@code herald.outbox.retry.jitter}. */
    public double getJitter() {
      return jitter;
    }

    /** Sets {@code herald.outbox.retry.jitter}. */
    public void setJitter(double jitter) {
      this.jitter = jitter;
    }
  }
}
