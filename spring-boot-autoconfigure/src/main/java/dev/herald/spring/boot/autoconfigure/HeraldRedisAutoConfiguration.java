package dev.herald.spring.boot.autoconfigure;

import dev.herald.redis.RedisDeadLetterStore;
import dev.herald.redis.RedisTransport;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.Transport;
import io.lettuce.core.RedisURI;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * herald-redis's transport, connected where Boot's Redis connection points
 * ({@code spring.data.redis.*}, or a service connection of Testcontainers or Docker Compose), when
 * herald-redis and Boot's Redis support are on the class path; its dead-letter stream becomes the
 * bus's dead-letter store. It carries what {@code herald.transport.redis.*} says; the consumer
 * group is the bus's source. A {@code Transport} bean of the application's replaces it.
 */
@AutoConfiguration(before = {HeraldAutoConfiguration.class, HeraldJdbcAutoConfiguration.class},
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({RedisTransport.class, DataRedisConnectionDetails.class})
@ConditionalOnBean(DataRedisConnectionDetails.class)
@ConditionalOnBooleanProperty(name = "herald.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "herald.transport.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldRedisAutoConfiguration {

  /** The transport; the bus closes it, and Spring's second close is a no-op. */
  @Bean
  @ConditionalOnMissingBean(Transport.class)
  public RedisTransport heraldRedisTransport(DataRedisConnectionDetails connection,
      HeraldProperties properties) {
    HeraldProperties.Redis redis = properties.getTransport().getRedis();
    RedisTransport.Builder builder = RedisTransport.builder().uri(uriOf(connection));
    if (connection.getPassword() != null) {
      builder.authentication(connection.getUsername(), connection.getPassword().toCharArray());
    }
    builder.tls(connection.getSslBundle() != null)
        .namespace(redis.getNamespace())
        .maxDeliveries(redis.getMaxDeliveries())
        .claimIdle(redis.getClaimIdle())
        .publishTimeout(redis.getPublishTimeout())
        .startFromEarliest(redis.isStartFromEarliest());
    if (!redis.getCarries().isEmpty()) {
      builder.carries(redis.getCarries().toArray(String[]::new));
    }
    if (redis.isPublishOnly()) {
      builder.consumes();
    } else if (!redis.getConsumes().isEmpty()) {
      builder.consumes(redis.getConsumes().toArray(String[]::new));
    }
    if (redis.getConsumer() != null) {
      builder.consumer(redis.getConsumer());
    }
    return builder.build();
  }

  /** The transport's dead-letter stream as the bus's store; the transport owns its connection. */
  @Bean(destroyMethod = "")
  @ConditionalOnBean(RedisTransport.class)
  @ConditionalOnMissingBean(DeadLetterStore.class)
  @ConditionalOnBooleanProperty(name = "herald.transport.redis.dead-letters",
      matchIfMissing = true)
  public RedisDeadLetterStore heraldRedisDeadLetterStore(RedisTransport transport) {
    return transport.deadLetters();
  }

  private static RedisURI uriOf(DataRedisConnectionDetails connection) {
    if (connection.getSentinel() != null || connection.getCluster() != null
        || connection.getMasterReplica() != null) {
      throw new IllegalStateException("herald-redis connects to one Redis server, but"
          + " spring.data.redis configures Sentinel, a cluster or master/replica: set"
          + " herald.transport.redis.enabled=false and define a RedisTransport bean of your own");
    }
    DataRedisConnectionDetails.Standalone standalone = connection.getStandalone();
    return RedisURI.builder().withHost(standalone.getHost()).withPort(standalone.getPort())
        .withDatabase(standalone.getDatabase()).build();
  }
}
