package dev.herald.spring.boot.autoconfigure;

import dev.herald.jdbc.Outbox;
import dev.herald.jdbc.OutboxSink;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.StoreException;
import dev.herald.spring.boot.actuate.OutboxHealthIndicator;
import dev.herald.spring.boot.outbox.OutboxEventSink;
import dev.herald.spring.boot.outbox.OutboxRelayLifecycle;
import dev.herald.spring.boot.outbox.SpringOutboxTransactions;
import dev.herald.spring.boot.transaction.TransactionalEventSink;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * herald-jdbc's transactional {@link Outbox} in the application's {@link DataSource}, behind
 * {@code TransactionalEventPublisher}: an event published inside a transaction is written to
 * {@code herald_outbox} on the transaction's connection and relayed after the commit. On with
 * {@code herald.outbox.enabled=true}, when herald-jdbc and spring-jdbc are present and the context
 * has one data source (SQLite or PostgreSQL). Ordered before
 * {@link HeraldTransactionAutoConfiguration}, whose after-commit sink it replaces; an
 * application's own {@code TransactionalEventSink} or {@code Outbox} bean wins.
 */
@AutoConfiguration(before = HeraldTransactionAutoConfiguration.class,
    after = HeraldAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({Outbox.class, DataSourceUtils.class})
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnBooleanProperty(name = "herald.outbox.enabled")
@EnableConfigurationProperties(HeraldOutboxProperties.class)
public class HeraldOutboxAutoConfiguration {

  /** Spring's transactions on the data source, as the outbox's {@code OutboxTransactions}. */
  @Bean
  @ConditionalOnMissingBean
  public SpringOutboxTransactions heraldOutboxTransactions(DataSource dataSource) {
    return new SpringOutboxTransactions(dataSource);
  }

  /**
   * The outbox, its table created in the data source; its relay starts with the context. Closed
   * by {@link OutboxRelayLifecycle} before the bus, or by Spring if the context never started.
   */
  @Bean
  @ConditionalOnMissingBean
  public Outbox heraldOutbox(DataSource dataSource, EventBus bus,
      SpringOutboxTransactions transactions, HeraldOutboxProperties properties,
      ObjectProvider<Transport> transport) {
    Outbox.Builder builder = Outbox.builder(dataSource, bus).transactions(transactions)
        .relay(false);
    apply("herald.outbox.target", () -> builder.sink(sinkOf(properties.getTarget(), bus,
        transport.getIfAvailable())));
    apply("herald.outbox.retry.*", () -> builder.retry(new RetryPolicy(
        properties.getRetry().getMaxAttempts(), properties.getRetry().getInitialBackoff(),
        properties.getRetry().getMaxBackoff(), properties.getRetry().getJitter())));
    apply("herald.outbox.batch-size", () -> builder.batchSize(properties.getBatchSize()));
    apply("herald.outbox.poll-interval", () -> builder.pollInterval(properties.getPollInterval()));
    apply("herald.outbox.lease", () -> builder.lease(properties.getLease()));
    apply("herald.outbox.completion", () -> builder.completion(properties.getCompletion()));
    apply("herald.outbox.retention", () -> builder.retention(properties.getRetention(),
        properties.getSweepInterval()));
    apply("herald.outbox.health-threshold",
        () -> builder.healthThreshold(properties.getHealthThreshold()));
    builder.orderByKey(properties.isOrderByKey());
    if (properties.getInstance() != null) {
      builder.instance(properties.getInstance());
    }
    try {
      return builder.build();
    } catch (StoreException e) {
      throw new IllegalStateException("Herald could not create its outbox in the application's"
          + " DataSource " + dataSource + " (" + e.getMessage() + "). herald-jdbc's outbox needs"
          + " a SQLite or PostgreSQL data source; set herald.outbox.enabled=false to leave it"
          + " off", e);
    }
  }

  /** Runs the relay while the context runs. */
  @Bean
  @ConditionalOnMissingBean
  public OutboxRelayLifecycle heraldOutboxRelayLifecycle(Outbox outbox) {
    return new OutboxRelayLifecycle(outbox);
  }

  /** Replaces the after-commit sink: events of a transaction go to the outbox. */
  @Bean
  @ConditionalOnMissingBean
  public TransactionalEventSink heraldOutboxEventSink(Outbox outbox,
      SpringOutboxTransactions transactions) {
    return new OutboxEventSink(outbox, transactions);
  }

  private static OutboxSink sinkOf(HeraldOutboxProperties.Target target, EventBus bus,
      Transport transport) {
    if (target != HeraldOutboxProperties.Target.LOCAL && transport == null) {
      throw new IllegalArgumentException(target + " needs a Transport bean (herald-redis with"
          + " Boot's Redis, or your own), and the context has none; use LOCAL");
    }
    return switch (target) {
      case LOCAL -> OutboxSink.bus(bus);
      case TRANSPORT -> OutboxSink.transport(transport);
      case LOCAL_AND_TRANSPORT -> OutboxSink.bus(bus).andThen(OutboxSink.transport(transport));
    };
  }

  private static void apply(String property, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalStateException("Invalid " + property + ": " + e.getMessage()
          + "; correct it in the application's configuration", e);
    }
  }

  /**
   * The outbox's health as contributor {@code heraldOutbox}, when Boot's health support is present;
   * {@code management.health.herald-outbox.enabled=false} turns it off.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("herald-outbox")
  static class OutboxHealthConfiguration {

    /** Contributed as {@code heraldOutbox}, after the bean's name. */
    @Bean
    @ConditionalOnMissingBean(name = "heraldOutboxHealthIndicator")
    OutboxHealthIndicator heraldOutboxHealthIndicator(Outbox outbox) {
      return new OutboxHealthIndicator(outbox);
    }
  }
}
