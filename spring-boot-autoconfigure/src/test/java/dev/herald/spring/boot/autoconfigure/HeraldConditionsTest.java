package dev.herald.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.micrometer.HeraldMeterBinder;
import dev.herald.redis.RedisDeadLetterStore;
import dev.herald.redis.RedisTransport;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import dev.herald.spring.boot.actuate.HeraldEndpoint;
import dev.herald.spring.boot.actuate.HeraldHealthIndicator;
import dev.herald.spring.boot.transaction.AfterCommitEventSink;
import dev.herald.spring.boot.transaction.TransactionalEventPublisher;
import dev.herald.spring.boot.transaction.TransactionalEventSink;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Every condition of the optional pieces: on when their part is present, off when it is not. */
class HeraldConditionsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HeraldAutoConfiguration.class,
          HeraldJdbcAutoConfiguration.class, HeraldRedisAutoConfiguration.class,
          HeraldTransactionAutoConfiguration.class, HeraldHealthAutoConfiguration.class,
          HeraldEndpointAutoConfiguration.class, HeraldMetricsAutoConfiguration.class));

  @TempDir
  Path dir;

  @Test
  void withoutABusNothingElseIsConfigured() {
    runner.withPropertyValues("herald.enabled=false",
            "management.endpoints.web.exposure.include=herald")
        .withBean(DataSource.class, this::sqlite)
        .run(context -> assertThat(context).doesNotHaveBean(EventBus.class)
            .doesNotHaveBean(TransactionalEventPublisher.class)
            .doesNotHaveBean(HeraldHealthIndicator.class)
            .doesNotHaveBean(HeraldEndpoint.class)
            .doesNotHaveBean(HeraldMeterBinder.class)
            .doesNotHaveBean(DeadLetterStore.class));
  }

  @Test
  void everyPieceServesTheApplicationsOwnBus() {
    EventBus own = EventBus.builder().source("own").build();
    runner.withPropertyValues("herald.enabled=false",
            "management.endpoints.web.exposure.include=herald")
        .withBean(EventBus.class, () -> own)
        .run(context -> assertThat(context).hasSingleBean(TransactionalEventPublisher.class)
            .hasSingleBean(HeraldHealthIndicator.class)
            .hasSingleBean(HeraldEndpoint.class)
            .hasSingleBean(HeraldMeterBinder.class));
  }

  @Test
  void transactionsNeedSpringTxAndCanBeSwitchedOff() {
    runner.run(context -> assertThat(context).hasSingleBean(TransactionalEventPublisher.class)
        .getBean(TransactionalEventSink.class).isInstanceOf(AfterCommitEventSink.class));
    runner.withClassLoader(new FilteredClassLoader(TransactionSynchronizationManager.class))
        .run(context -> assertThat(context).doesNotHaveBean(TransactionalEventPublisher.class));
    runner.withPropertyValues("herald.transactions.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(TransactionalEventPublisher.class)
            .doesNotHaveBean(TransactionalEventSink.class));
  }

  @Test
  void anOutboxSinkOfTheApplicationsReplacesAfterCommit() {
    TransactionalEventSink outbox = new TransactionalEventSink() {
      @Override
      public <T extends Record> void enlist(EventKey<T> key, T payload, Metadata metadata) {}
    };
    runner.withBean(TransactionalEventSink.class, () -> outbox).run(context ->
        assertThat(context.getBean(TransactionalEventSink.class)).isSameAs(outbox));
  }

  @Test
  void healthIndicatorNeedsBootHealthAndCanBeSwitchedOff() {
    runner.run(context -> assertThat(context).hasSingleBean(HeraldHealthIndicator.class));
    runner.withPropertyValues("management.health.herald.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(HeraldHealthIndicator.class));
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean(HeraldHealthIndicator.class));
  }

  @Test
  void endpointOnlyWhenExposed() {
    runner.run(context -> assertThat(context).doesNotHaveBean(HeraldEndpoint.class));
    runner.withPropertyValues("management.endpoints.web.exposure.include=herald")
        .run(context -> assertThat(context).hasSingleBean(HeraldEndpoint.class));
    runner.withPropertyValues("management.endpoints.web.exposure.include=herald",
            "management.endpoint.herald.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(HeraldEndpoint.class));
  }

  @Test
  void meterBinderNeedsHeraldMicrometerAndCanBeSwitchedOff() {
    runner.run(context -> assertThat(context).hasSingleBean(HeraldMeterBinder.class));
    runner.withPropertyValues("herald.metrics.micrometer=false")
        .run(context -> assertThat(context).doesNotHaveBean(HeraldMeterBinder.class));
    runner.withClassLoader(new FilteredClassLoader(HeraldMeterBinder.class))
        .run(context -> assertThat(context).doesNotHaveBean(HeraldMeterBinder.class));
  }

  @Test
  void jdbcStoresUseTheApplicationsDataSource() {
    runner.withBean(DataSource.class, this::sqlite).run(context -> {
      EventBus bus = context.getBean(EventBus.class);
      assertThat(bus.deadLetters()).isSameAs(context.getBean(JdbcDeadLetterStore.class));
      assertThat(context).hasSingleBean(JdbcEventStore.class);
    });
  }

  @Test
  void jdbcStoresBackOffWithoutDataSourceOrHeraldJdbcOrWhenSwitchedOff() {
    runner.run(context -> assertThat(context).doesNotHaveBean(EventStore.class)
        .getBean(EventBus.class).extracting(EventBus::deadLetters)
        .isNotInstanceOf(JdbcDeadLetterStore.class));
    runner.withBean(DataSource.class, this::sqlite)
        .withClassLoader(new FilteredClassLoader(JdbcDeadLetterStore.class))
        .run(context -> assertThat(context).doesNotHaveBean(DeadLetterStore.class)
            .doesNotHaveBean(EventStore.class));
    runner.withBean(DataSource.class, this::sqlite)
        .withPropertyValues("herald.stores.jdbc.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(DeadLetterStore.class)
            .doesNotHaveBean(EventStore.class));
    runner.withBean(DataSource.class, this::sqlite)
        .withPropertyValues("herald.stores.jdbc.events=false")
        .run(context -> assertThat(context).hasSingleBean(JdbcDeadLetterStore.class)
            .doesNotHaveBean(EventStore.class));
    runner.withBean(DataSource.class, this::sqlite)
        .withPropertyValues("herald.stores.jdbc.dead-letters=false")
        .run(context -> assertThat(context).doesNotHaveBean(DeadLetterStore.class)
            .hasSingleBean(JdbcEventStore.class));
  }

  @Test
  void theApplicationsDeadLetterStoreWins() {
    DeadLetterStore own = DeadLetterStore.inMemory(5);
    runner.withBean(DataSource.class, this::sqlite).withBean(DeadLetterStore.class, () -> own)
        .run(context -> assertThat(context.getBean(EventBus.class).deadLetters()).isSameAs(own));
  }

  @Test
  void redisTransportNeedsBootsRedisConnection() {
    runner.run(context -> assertThat(context).doesNotHaveBean(Transport.class));
    runner.withBean(DataRedisConnectionDetails.class, () -> redisAt(1))
        .withClassLoader(new FilteredClassLoader(RedisTransport.class))
        .run(context -> assertThat(context).doesNotHaveBean(Transport.class));
    runner.withBean(DataRedisConnectionDetails.class, () -> redisAt(1))
        .withPropertyValues("herald.transport.redis.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(Transport.class));
  }

  @Test
  void redisTransportFromBootsConnectionCarriesAndDeadLettersAsConfigured() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      runner.withBean(DataRedisConnectionDetails.class, () -> redisAt(redis.port()))
          .withBean(DataSource.class, this::sqlite)
          .withPropertyValues("herald.source=hotel", "herald.transport.redis.namespace=test",
              "herald.transport.redis.carries=room:*")
          .run(context -> {
            RedisTransport transport = context.getBean(RedisTransport.class);
            assertThat(transport.toString()).contains("127.0.0.1:" + redis.port())
                .contains("test");
            EventBus bus = context.getBean(EventBus.class);
            assertThat(bus.deadLetters()).isInstanceOf(RedisDeadLetterStore.class);
            assertThat(transport.group()).isEqualTo("hotel");
            assertThat(transport.carries(dev.herald.spring.boot.fixtures.EventMap.ROOM_BOOKED))
                .isTrue();
            assertThat(transport.carries(dev.herald.spring.boot.fixtures.EventMap.INVOICE_SENT))
                .isFalse();
            bus.publish(new dev.herald.spring.boot.fixtures.RoomBooked("101"));
            assertThat(redis.streamLength("test:stream:room:booked")).isEqualTo(1);
          });
      runner.withBean(DataRedisConnectionDetails.class, () -> redisAt(redis.port()))
          .withPropertyValues("herald.transport.redis.dead-letters=false")
          .run(context -> assertThat(context).hasSingleBean(RedisTransport.class)
              .doesNotHaveBean(DeadLetterStore.class));
    }
  }

  @Test
  void redisSentinelIsRefusedWithTheWayOut() {
    DataRedisConnectionDetails sentinel = new DataRedisConnectionDetails() {
      @Override
      public Sentinel getSentinel() {
        return new Sentinel() {
          @Override
          public String getMaster() {
            return "main";
          }

          @Override
          public java.util.List<Node> getNodes() {
            return java.util.List.of(new Node("127.0.0.1", 26379));
          }

          @Override
          public int getDatabase() {
            return 0;
          }

          @Override
          public String getUsername() {
            return null;
          }

          @Override
          public String getPassword() {
            return null;
          }
        };
      }
    };
    runner.withBean(DataRedisConnectionDetails.class, () -> sentinel).run(context ->
        assertThat(context.getStartupFailure())
            .hasStackTraceContaining("set herald.transport.redis.enabled=false"));
  }

  private DataSource sqlite() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("herald.db"));
    return dataSource;
  }

  private static DataRedisConnectionDetails redisAt(int port) {
    return new DataRedisConnectionDetails() {
      @Override
      public Standalone getStandalone() {
        return Standalone.of("127.0.0.1", port);
      }
    };
  }
}
