package dev.herald.spring.boot.autoconfigure;

import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.store.StoreException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * herald-jdbc's dead-letter store and event store on the application's {@link DataSource}, when
 * herald-jdbc is on the class path and the context has one data source. Each store keeps one
 * connection of the data source for its life, and speaks the dialect of its database, read from the
 * connection's metadata: SQLite or PostgreSQL ({@code herald.stores.jdbc.enabled=false} keeps
 * Herald off any other). A
 * {@code DeadLetterStore} or {@code EventStore} bean of the application's replaces the store.
 */
@AutoConfiguration(before = HeraldAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({JdbcDeadLetterStore.class, DataSource.class})
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "herald.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "herald.stores.jdbc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldJdbcAutoConfiguration {

  /** Dead letters in table {@code herald_dead_letters}; closed by Spring after the bus. */
  @Bean
  @ConditionalOnMissingBean(DeadLetterStore.class)
  @ConditionalOnBooleanProperty(name = "herald.stores.jdbc.dead-letters", matchIfMissing = true)
  public JdbcDeadLetterStore heraldDeadLetterStore(DataSource dataSource) {
    return open("dead-letters", dataSource, () -> JdbcDeadLetterStore.of(dataSource));
  }

  /** Events whose contract says {@code persist}, in table {@code herald_events}. */
  @Bean
  @ConditionalOnMissingBean(EventStore.class)
  @ConditionalOnBooleanProperty(name = "herald.stores.jdbc.events", matchIfMissing = true)
  public JdbcEventStore heraldEventStore(DataSource dataSource, HeraldProperties properties) {
    EventStore.Durability durability = properties.getStores().getJdbc().getDurability();
    return open("events", dataSource, () -> JdbcEventStore.of(dataSource, durability));
  }

  private static <S> S open(String store, DataSource dataSource, Supplier<S> opener) {
    try {
      return opener.get();
    } catch (StoreException e) {
      throw new IllegalStateException("Herald could not keep its " + store + " in the"
          + " application's DataSource " + dataSource + " (" + e.getMessage() + "). herald-jdbc's"
          + " stores need a SQLite or PostgreSQL data source; set herald.stores.jdbc." + store
          + "=false, or herald.stores.jdbc.enabled=false, to leave the DataSource alone", e);
    }
  }
}
