package dev.herald.spring.boot.autoconfigure;

import dev.herald.runtime.EventBus;
import dev.herald.spring.boot.transaction.AfterCommitEventSink;
import dev.herald.spring.boot.transaction.TransactionalEventPublisher;
import dev.herald.spring.boot.transaction.TransactionalEventSink;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A {@link TransactionalEventPublisher} when spring-tx is present, publishing through the
 * application's {@link TransactionalEventSink} bean if it has one (an outbox), else through an
 * {@link AfterCommitEventSink}. Off with {@code herald.transactions.enabled=false}.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class)
@ConditionalOnClass(TransactionSynchronizationManager.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnBooleanProperty(name = "herald.transactions.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldTransactionAutoConfiguration {

  /** Publishes after commit, unless the application (or an outbox module) has its own sink. */
  @Bean
  @ConditionalOnMissingBean
  public TransactionalEventSink heraldTransactionalEventSink(EventBus bus) {
    return new AfterCommitEventSink(bus);
  }

  /** The explicit API for events that belong to a transaction. */
  @Bean
  @ConditionalOnMissingBean
  public TransactionalEventPublisher heraldTransactionalEventPublisher(EventBus bus,
      TransactionalEventSink sink, HeraldProperties properties) {
    return new TransactionalEventPublisher(bus, sink,
        properties.getTransactions().getWithoutTransaction());
  }
}
