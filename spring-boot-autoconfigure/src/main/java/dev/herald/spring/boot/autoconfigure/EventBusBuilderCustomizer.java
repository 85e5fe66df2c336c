package dev.herald.spring.boot.autoconfigure;

import dev.herald.runtime.EventBus;

/**
 * Configures the auto-configured bus's builder beyond what {@code herald.*} properties say (an
 * executor, a clock, per-event listener limits): every such bean is called, in {@code @Order},
 * after the properties were applied and before the bus is built.
 */
@FunctionalInterface
public interface EventBusBuilderCustomizer {

  /** Adjusts {@code builder}; called once, before {@link EventBus.Builder#build()}. */
  void customize(EventBus.Builder builder);
}
