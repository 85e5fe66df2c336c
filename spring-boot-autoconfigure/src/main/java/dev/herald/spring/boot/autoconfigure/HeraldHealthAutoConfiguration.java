package dev.herald.spring.boot.autoconfigure;

import dev.herald.runtime.EventBus;
import dev.herald.spring.boot.actuate.HeraldHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code herald} health indicator, from {@link EventBus#health()}, when Boot's health support
 * is present; {@code management.health.herald.enabled=false} turns it off.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnEnabledHealthIndicator("herald")
public class HeraldHealthAutoConfiguration {

  /** Contributed as {@code herald}, after the bean's name. */
  @Bean
  @ConditionalOnMissingBean(name = "heraldHealthIndicator")
  public HeraldHealthIndicator heraldHealthIndicator(EventBus bus) {
    return new HeraldHealthIndicator(bus);
  }
}
