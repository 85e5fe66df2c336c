package dev.herald.spring.boot.autoconfigure;

import dev.herald.micrometer.HeraldMeterBinder;
import dev.herald.runtime.EventBus;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * herald-micrometer's {@link HeraldMeterBinder} as a bean, when herald-micrometer and Micrometer
 * are on the class path: Boot binds every {@code MeterBinder} bean to the application's
 * {@code MeterRegistry}, so the bus's metrics appear in {@code /actuator/metrics} and
 * {@code /actuator/prometheus}. Off with {@code herald.metrics.micrometer=false}.
 */
@AutoConfiguration(after = HeraldAutoConfiguration.class)
@ConditionalOnClass({HeraldMeterBinder.class, MeterRegistry.class})
@ConditionalOnBean(EventBus.class)
@ConditionalOnBooleanProperty(name = "herald.metrics.micrometer", matchIfMissing = true)
public class HeraldMetricsAutoConfiguration {

  /** The bus's metrics, tagged {@code bus=<source>}. */
  @Bean
  @ConditionalOnMissingBean
  public HeraldMeterBinder heraldMeterBinder(EventBus bus) {
    return new HeraldMeterBinder(bus);
  }
}
