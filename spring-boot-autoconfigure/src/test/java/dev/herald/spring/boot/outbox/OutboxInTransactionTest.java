package dev.herald.spring.boot.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.jdbc.Outbox;
import dev.herald.testservers.PostgresServer;
import dev.herald.spring.boot.autoconfigure.HeraldAutoConfiguration;
import dev.herald.spring.boot.autoconfigure.HeraldOutboxAutoConfiguration;
import dev.herald.spring.boot.autoconfigure.HeraldTransactionAutoConfiguration;
import dev.herald.spring.boot.fixtures.Frontdesk;
import dev.herald.spring.boot.fixtures.RoomBooked;
import dev.herald.spring.boot.transaction.TransactionalEventPublisher;
import dev.herald.spring.boot.transaction.TransactionalEventSink;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The outbox behind TransactionalEventPublisher in real transactions (DataSourceTransactionManager)
 * on a SQLite file and on a real PostgreSQL server: what commits is delivered to a listener bean,
 * what rolls back never is, and what a stopped relay left is relayed by the next context.
 */
class OutboxInTransactionTest {

  enum Database { SQLITE, POSTGRESQL }

  private static PostgresServer postgres;

  @TempDir
  Path dir;

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aCommittedEventIsDeliveredAndARolledBackOneNever(Database database) throws Exception {
    DataSource dataSource = dataSource(database);
    runner(dataSource).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(TransactionalEventSink.class))
          .isInstanceOf(OutboxEventSink.class);
      Frontdesk frontdesk = context.getBean(Frontdesk.class);

      book(context, "101", false);
      book(context, "102", true);

      await().atMost(Duration.ofSeconds(10)).until(() -> frontdesk.rooms().contains("102"));
      assertThat(frontdesk.rooms()).containsExactly("102");
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      assertThat(jdbc.queryForList("SELECT room FROM bookings", String.class))
          .containsExactly("102");
      assertThat(jdbc.queryForList("SELECT state FROM herald_outbox", String.class))
          .as("one entry, the committed one's, marked complete").containsExactly("COMPLETED");
    });
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aRestartRelaysWhatWasCommittedButNotRelayed(Database database) throws Exception {
    DataSource dataSource = dataSource(database);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    runner(dataSource).run(context -> {
      context.getBean(OutboxRelayLifecycle.class).stop();   // the relay is gone, the bus is not
      book(context, "201", true);
      assertThat(jdbc.queryForList("SELECT state FROM herald_outbox", String.class))
          .containsExactly("PENDING");
      assertThat(context.getBean(Frontdesk.class).rooms()).isEmpty();
    });
    runner(dataSource).run(context -> {
      Frontdesk frontdesk = context.getBean(Frontdesk.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> frontdesk.rooms().contains("201"));
      assertThat(frontdesk.rooms()).containsExactly("201");
      assertThat(context.getBean(Outbox.class).stats().pending()).isZero();
    });
  }

  private ApplicationContextRunner runner(DataSource dataSource) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HeraldAutoConfiguration.class,
            HeraldOutboxAutoConfiguration.class, HeraldTransactionAutoConfiguration.class))
        .withPropertyValues("herald.outbox.enabled=true", "herald.outbox.poll-interval=100ms")
        .withBean(DataSource.class, () -> dataSource)
        .withBean(PlatformTransactionManager.class,
            () -> new DataSourceTransactionManager(dataSource))
        .withBean(Frontdesk.class);
  }

  /** Books {@code room} and publishes its event in one transaction, committed or rolled back. */
  private static void book(AssertableApplicationContext context, String room, boolean commit) {
    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    TransactionalEventPublisher events = context.getBean(TransactionalEventPublisher.class);
    new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
        .executeWithoutResult(status -> {
          jdbc.update("INSERT INTO bookings (room) VALUES (?)", room);
          events.publishAfterCommit(new RoomBooked(room));
          if (!commit) {
            status.setRollbackOnly();
          }
        });
  }

  private DataSource dataSource(Database database) throws Exception {
    DataSource dataSource;
    if (database == Database.SQLITE) {
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout(10_000);   // the relay writes to the same file
      SQLiteDataSource sqlite = new SQLiteDataSource(config);
      sqlite.setUrl("jdbc:sqlite:" + dir.resolve("hotel.db"));
      dataSource = sqlite;
    } else {
      dataSource = postgres().newDatabase();
    }
    new JdbcTemplate(dataSource).execute("CREATE TABLE bookings (room VARCHAR(20) PRIMARY KEY)");
    return dataSource;
  }

  private static synchronized PostgresServer postgres() throws Exception {
    if (postgres == null) {
      postgres = PostgresServer.start();
    }
    return postgres;
  }
}
