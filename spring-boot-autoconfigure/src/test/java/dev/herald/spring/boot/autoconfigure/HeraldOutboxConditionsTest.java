package dev.herald.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.jdbc.Outbox;
import dev.herald.spring.boot.actuate.OutboxHealthIndicator;
import dev.herald.spring.boot.outbox.OutboxEventSink;
import dev.herald.spring.boot.outbox.OutboxRelayLifecycle;
import dev.herald.spring.boot.transaction.AfterCommitEventSink;
import dev.herald.spring.boot.transaction.TransactionalEventSink;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the outbox replaces the after-commit sink, and when it does not. */
class HeraldOutboxConditionsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HeraldAutoConfiguration.class,
          HeraldOutboxAutoConfiguration.class, HeraldTransactionAutoConfiguration.class));

  @TempDir
  Path dir;

  @Test
  void offUnlessEnabled() {
    runner.withBean(DataSource.class, this::sqlite).run(context -> {
      assertThat(context).doesNotHaveBean(Outbox.class);
      assertThat(context.getBean(TransactionalEventSink.class))
          .isInstanceOf(AfterCommitEventSink.class);
    });
  }

  @Test
  void enabledWithOneDataSourceTheOutboxTakesTheTransactionsEvents() {
    runner.withPropertyValues("herald.outbox.enabled=true", "herald.outbox.completion=delete")
        .withBean(DataSource.class, this::sqlite).run(context -> {
          assertThat(context).hasSingleBean(Outbox.class)
              .hasSingleBean(OutboxRelayLifecycle.class)
              .hasBean("heraldOutboxHealthIndicator");
          assertThat(context.getBean(TransactionalEventSink.class))
              .isInstanceOf(OutboxEventSink.class);
          assertThat(context.getBean(OutboxRelayLifecycle.class).isRunning()).isTrue();
          assertThat(context.getBean(OutboxHealthIndicator.class).health().getStatus())
              .isEqualTo(Status.UP);
        });
  }

  @Test
  void notWithoutADataSourceNorWithoutHeraldJdbc() {
    runner.withPropertyValues("herald.outbox.enabled=true").run(context -> {
      assertThat(context).doesNotHaveBean(Outbox.class);
      assertThat(context.getBean(TransactionalEventSink.class))
          .isInstanceOf(AfterCommitEventSink.class);
    });
    runner.withPropertyValues("herald.outbox.enabled=true")
        .withClassLoader(new FilteredClassLoader(Outbox.class))
        .withBean(DataSource.class, this::sqlite)
        .run(context -> assertThat(context).doesNotHaveBean(OutboxEventSink.class));
  }

  @Test
  void theApplicationsSinkAndHealthSwitchWin() {
    TransactionalEventSink own = new TransactionalEventSink() {
      @Override
      public <T extends Record> void enlist(dev.herald.runtime.EventKey<T> key, T payload,
          dev.herald.runtime.Metadata metadata) {}
    };
    runner.withPropertyValues("herald.outbox.enabled=true",
            "management.health.herald-outbox.enabled=false")
        .withBean(DataSource.class, this::sqlite)
        .withBean("ownSink", TransactionalEventSink.class, () -> own)
        .run(context -> {
          assertThat(context.getBean(TransactionalEventSink.class)).isSameAs(own);
          assertThat(context).doesNotHaveBean(OutboxHealthIndicator.class);
        });
  }

  @Test
  void aTransportTargetWithoutATransportFailsStartUpNamingTheProperty() {
    runner.withPropertyValues("herald.outbox.enabled=true", "herald.outbox.target=transport")
        .withBean(DataSource.class, this::sqlite)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("TRANSPORT needs a Transport bean"));
    runner.withPropertyValues("herald.outbox.enabled=true", "herald.outbox.batch-size=0")
        .withBean(DataSource.class, this::sqlite)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasMessageContaining("Invalid herald.outbox.batch-size"));
  }

  private DataSource sqlite() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("outbox.db"));
    return dataSource;
  }
}
