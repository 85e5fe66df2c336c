package dev.herald.spring.boot.autoconfigure;

import dev.herald.runtime.EventBus;
import dev.herald.spring.boot.actuate.HeraldEndpoint;
import dev.herald.spring.boot.context.HeraldLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code herald} Actuator endpoint when Actuator is present and the endpoint is available
 * (exposed and not switched off); see {@link HeraldEndpoint} for its access rules.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnAvailableEndpoint(HeraldEndpoint.class)
public class HeraldEndpointAutoConfiguration {

  /** Shows the bus; replays and purges its dead letters. */
  @Bean
  @ConditionalOnMissingBean
  public HeraldEndpoint heraldEndpoint(EventBus bus, ObjectProvider<HeraldLifecycle> lifecycle) {
    return new HeraldEndpoint(bus, lifecycle.getIfAvailable());
  }
}
