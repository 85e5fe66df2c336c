package dev.herald.spring.boot.autoconfigure;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import dev.herald.spring.boot.context.HeraldLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * An {@link EventBus} bean from {@code herald.*} properties, unless the application defines its
 * own, and the {@link HeraldLifecycle} that registers listener beans on it when the context starts
 * and closes it when the context stops. Stores and a transport are taken from beans of those types
 * (which the JDBC and Redis auto-configurations provide when their pieces are present).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "herald.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldAutoConfiguration {

  /** The application's bus; Spring closes it again on destruction, which is then a no-op. */
  @Bean
  @ConditionalOnMissingBean
  public EventBus heraldEventBus(HeraldProperties properties, Environment environment,
      ApplicationContext context, ObjectProvider<DeadLetterStore> deadLetters,
      ObjectProvider<EventStore> eventStore, ObjectProvider<Transport> transport,
      ObjectProvider<EventBusBuilderCustomizer> customizers) {
    EventBus.Builder builder = EventBus.builder();
    HeraldProperties.Async async = properties.getAsync();
    HeraldProperties.Backpressure backpressure = properties.getBackpressure();
    HeraldProperties.Listeners listeners = properties.getListeners();
    apply("herald.source", () -> builder.source(sourceOf(properties, environment)));
    apply("herald.async.queue-capacity", () -> builder.queueCapacity(async.getQueueCapacity()));
    if (async.getThreads() != null) {
      apply("herald.async.threads", () -> builder.asyncThreads(async.getThreads()));
    }
    apply("herald.backpressure.*", () -> builder.backpressure(backpressure.getPolicy(),
        backpressure.getBlockTimeout()));
    apply("herald.retry.*", () -> builder.retry(retryOf(properties.getRetry())));
    apply("herald.health.dead-letter-alarm",
        () -> builder.deadLetterAlarm(properties.getHealth().getDeadLetterAlarm()));
    apply("herald.listeners.limit and warn-at",
        () -> builder.listenerLimit(listeners.getLimit(), listeners.getWarnAt()));
    if (properties.getHistory().getCapacity() != 0) {
      apply("herald.history.capacity",
          () -> builder.history(properties.getHistory().getCapacity()));
    }
    builder.metrics(properties.getMetrics().isEnabled()).mdc(properties.isMdc());
    ClassLoader loader = context.getClassLoader();
    if (loader != null) {
      builder.classLoader(loader);
    }
    properties.getLogLevels().forEach((pattern, level) ->
        apply("herald.log-levels[" + pattern + "]", () -> builder.logLevel(pattern, level)));
    builder.deadLetters(deadLetters.getIfAvailable(
        () -> DeadLetterStore.inMemory(properties.getStores().getMemoryCapacity())));
    eventStore.ifAvailable(builder::eventStore);
    transport.ifAvailable(builder::transport);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Registers listener beans when the context starts; closes the bus when it stops. */
  @Bean
  @ConditionalOnMissingBean
  public HeraldLifecycle heraldLifecycle(EventBus bus, HeraldProperties properties) {
    return new HeraldLifecycle(bus, properties.getListeners().isEnabled(),
        properties.getShutdown().getTimeout());
  }

  /** Applies one setting; a value the builder refuses is an error that names the property. */
  private static void apply(String property, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalStateException("Invalid " + property + ": " + e.getMessage()
          + "; correct it in the application's configuration", e);
    }
  }

  private static String sourceOf(HeraldProperties properties, Environment environment) {
    if (properties.getSource() != null) {
      return properties.getSource();
    }
    return environment.getProperty("spring.application.name", "herald");
  }

  private static RetryPolicy retryOf(HeraldProperties.Retry retry) {
    return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(),
        retry.getMaxBackoff(), retry.getJitter());
  }
}
