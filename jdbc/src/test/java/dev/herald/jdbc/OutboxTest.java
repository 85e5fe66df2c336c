package dev.herald.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.jdbc.OutboxEntry.State;
import dev.herald.jdbc.contracts.Note;
import dev.herald.jdbc.contracts.TaskCreated;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.observability.Health;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbox on a SQLite file and on a real PostgreSQL, with a bus's local listeners as sink. */
class OutboxTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path directory;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<Envelope<?>> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private EventBus bus() {
    EventBus bus = EventBus.builder().source("outbox-test").build();
    bus.subscribe("#", heard::add);
    open.add(bus);
    return bus;
  }

  private Outbox outbox(Outbox.Builder builder) {
    Outbox outbox = builder.build();
    open.add(outbox);
    return outbox;
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aCommittedEventIsDeliveredWithItsIdAndARolledBackOneNever(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    Outbox outbox = outbox(Outbox.builder(source, bus()).pollInterval(Duration.ofMinutes(1)));
    Business.create(source);

    Envelope<Note> committed;
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(false);
      Business.insert(connection, 1);
      committed = outbox.publish(connection, new Note(1, "kept"),
          Metadata.builder().correlationId("req-1").build());
      connection.commit();
      Business.insert(connection, 2);
      outbox.publish(connection, new Note(2, "rolled back"));
      connection.rollback();
    }

    // The poll interval is a minute: what arrives comes from the wake-up after publish.
    await(() -> heard.size() == 1);
    assertThat(heard.get(0).id()).isEqualTo(committed.id()).startsWith("evt_");
    assertThat(heard.get(0).payload()).isEqualTo(new Note(1, "kept"));
    assertThat(heard.get(0).correlationId()).isEqualTo("req-1");
    await(() -> outbox.stats().completed() == 1);
    assertThat(outbox.stats()).isEqualTo(new OutboxStats(0, 0, 1, Duration.ZERO));
    assertThat(outbox.relayNow()).isZero();
    assertThat(heard).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void entriesLeftByAStoppedProcessAreRelayedByTheNextOnesPolling(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    try (EventBus first = EventBus.builder().build();
        Outbox dead = Outbox.builder(source, first).relay(false).build();
        Connection connection = source.getConnection()) {
      for (int n = 1; n <= 3; n++) {
        dead.publish(connection, new Note(n, "before the crash"));
      }
    }
    outbox(Outbox.builder(source, bus()).pollInterval(Duration.ofMillis(50)));
    await(() -> heard.size() == 3);
    assertThat(heard).extracting(e -> ((Note) e.payload()).number()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aRelayBuiltStoppedStartsWhenTheFrameworkSaysSo() throws Exception {
    DataSource source = Databases.SQLITE.create(directory);
    Outbox outbox = outbox(Outbox.builder(source, bus()).relay(false));
    try (Connection connection = source.getConnection()) {
      outbox.publish(connection, new Note(1, "written before the start"));
    }
    assertThat(outbox.stats().pending()).as("no relay runs yet").isEqualTo(1);
    assertThat(heard).isEmpty();

    outbox.startRelay();
    outbox.startRelay();   // a second call changes nothing
    await(() -> heard.size() == 1);
    await(() -> outbox.stats().completed() == 1);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aFailingSinkIsRetriedWithBackoffThenTheEntryFailsIsDeadLetteredAndCanBeResubmitted(
      Databases kind) throws Exception {
    DataSource source = kind.create(directory);
    EventBus bus = bus();
    AtomicInteger calls = new AtomicInteger();
    boolean[] down = {true};
    Outbox outbox = outbox(Outbox.builder(source, bus).relay(false)
        .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 0))
        .sink(envelope -> {
          calls.incrementAndGet();
          if (down[0]) {
            throw new IllegalStateException("broker down");
          }
          bus.deliver(envelope);
        }));
    Envelope<Note> sent;
    try (Connection connection = source.getConnection()) {
      sent = outbox.publish(connection, new Note(7, "x"));
    }

    for (int attempt = 1; attempt <= 3; attempt++) {
      Thread.sleep(5); // past the 1 ms backoff
      assertThat(outbox.relayNow()).as("attempt %d claims the entry", attempt).isEqualTo(1);
    }
    Thread.sleep(5);
    assertThat(outbox.relayNow()).as("a failed entry is not claimed").isZero();
    assertThat(calls).hasValue(3);

    List<OutboxEntry> failed = outbox.entries(OutboxQuery.failed());
    assertThat(failed).singleElement().satisfies(entry -> {
      assertThat(entry.eventId()).isEqualTo(sent.id());
      assertThat(entry.state()).isEqualTo(State.FAILED);
      assertThat(entry.attempts()).isEqualTo(3);
      assertThat(entry.lastError()).isEqualTo("java.lang.IllegalStateException: broker down");
      assertThat(entry.age(java.time.Instant.now())).isPositive();
    });
    assertThat(outbox.entries(OutboxQuery.incomplete().type("task:*"))).isEmpty();
    List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.envelope().id()).isEqualTo(sent.id());
      assertThat(letter.subscriber()).isEqualTo("outbox relay");
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.errorMessage()).isEqualTo("broker down");
    });
    assertThat(outbox.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(outbox.health().reason()).contains("1 failed", "OutboxQuery.failed()");

    down[0] = false;
    assertThat(outbox.resubmit(OutboxQuery.failed().type("note:*"))).isEqualTo(1);
    assertThat(outbox.relayNow()).isEqualTo(1);
    assertThat(heard).extracting(Envelope::id).containsExactly(sent.id());
    assertThat(outbox.stats()).isEqualTo(new OutboxStats(0, 0, 1, Duration.ZERO));
    assertThat(outbox.health().status()).isEqualTo(Health.Status.UP);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aKeyWaitsForItsFailingHeadWhileOtherKeysGoOn(Databases kind) throws Exception {
    DataSource source = kind.create(directory);
    EventBus bus = bus();
    Outbox outbox = outbox(Outbox.builder(source, bus).relay(false).orderByKey(true)
        .retry(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1), 0))
        .sink(envelope -> {
          if (envelope.payload() instanceof TaskCreated task && task.title().equals("poison")) {
            throw new IllegalStateException("cannot send " + task.title());
          }
          bus.deliver(envelope);
        }));
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(false);
      outbox.publish(connection, new TaskCreated("a", 1, "poison"));
      outbox.publish(connection, new TaskCreated("a", 2, "after poison"));
      outbox.publish(connection, new TaskCreated("b", 1, "b1"));
      outbox.publish(connection, new TaskCreated("b", 2, "b2"));
      connection.commit();
    }
    for (int pass = 0; pass < 3; pass++) {
      Thread.sleep(5);
      outbox.relayNow();
    }
    assertThat(titles()).containsExactly("b1", "b2");

    for (int pass = 0; pass < 4; pass++) { // a1 reaches its 5th attempt and fails for good
      Thread.sleep(5);
      outbox.relayNow();
    }
    assertThat(outbox.entries(OutboxQuery.failed())).extracting(OutboxEntry::orderingKey)
        .containsExactly("task:created/a");
    assertThat(titles()).containsExactly("b1", "b2", "after poison");
  }

  private List<String> titles() {
    return heard.stream().map(e -> ((TaskCreated) e.payload()).title()).toList();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void completionModesMarkDeleteOrArchiveAndTheSweepHonoursRetention(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    EventBus bus = bus();
    for (OutboxCompletion mode : OutboxCompletion.values()) {
      try (Outbox outbox = Outbox.builder(source, bus).relay(false).completion(mode)
          .retention(Duration.ofDays(1), Duration.ofDays(1)).build();
          Connection connection = source.getConnection()) {
        outbox.publish(connection, new Note(mode.ordinal(), mode.name()));
        assertThat(outbox.relayNow()).isEqualTo(1);
        assertThat(outbox.sweep()).as("nothing is older than a day").isZero();
      }
    }
    assertThat(heard).hasSize(3);
    assertThat(JdbcStoresOnBothDatabasesTest.count(source,
        "SELECT COUNT(*) FROM herald_outbox WHERE state = 'COMPLETED'")).isEqualTo(1);
    assertThat(JdbcStoresOnBothDatabasesTest.count(source,
        "SELECT COUNT(*) FROM herald_outbox")).isEqualTo(1);
    assertThat(JdbcStoresOnBothDatabasesTest.count(source,
        "SELECT COUNT(*) FROM herald_outbox_archive")).isEqualTo(1);

    try (Outbox outbox = Outbox.builder(source, bus).relay(false)
        .retention(Duration.ofNanos(1), Duration.ofDays(1)).build()) {
      Thread.sleep(2);
      assertThat(outbox.sweep()).as("the marked row and the archived row").isEqualTo(2);
    }
    assertThat(JdbcStoresOnBothDatabasesTest.count(source,
        "SELECT COUNT(*) FROM herald_outbox")).isZero();
    assertThat(JdbcStoresOnBothDatabasesTest.schemaVersion(source, "outbox")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void healthIsDegradedWhenTheOldestPendingEntryIsOlderThanTheThreshold(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    Outbox outbox = outbox(Outbox.builder(source, bus()).relay(false)
        .healthThreshold(Duration.ofMillis(50)));
    assertThat(outbox.health().status()).isEqualTo(Health.Status.UP);
    try (Connection connection = source.getConnection()) {
      outbox.publish(connection, new Note(1, "waits"));
    }
    await(() -> outbox.stats().oldestPending().toMillis() > 50);
    assertThat(outbox.stats().pending()).isEqualTo(1);
    assertThat(outbox.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(outbox.health().reason()).contains("1 pending", "is the relay running");
    assertThat(outbox.entries(OutboxQuery.incomplete())).singleElement()
        .extracting(OutboxEntry::state, OutboxEntry::attempts)
        .containsExactly(State.PENDING, 0);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aFrameworksTransactionWakesTheRelayAfterItsCommit(Databases kind) throws Exception {
    DataSource source = kind.create(directory);
    List<Runnable> afterCommit = new ArrayList<>();
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(false);
      OutboxTransactions transactions = new OutboxTransactions() {
        @Override
        public Connection currentConnection() {
          return connection;
        }

        @Override
        public void afterCommit(Runnable action) {
          afterCommit.add(action);
        }
      };
      Outbox outbox = outbox(Outbox.builder(source, bus()).transactions(transactions)
          .pollInterval(Duration.ofMinutes(1)));
      Envelope<Note> sent = outbox.publish(new Note(3, "framework"));
      connection.commit();
      afterCommit.forEach(Runnable::run);
      await(() -> heard.size() == 1);
      assertThat(heard.get(0).id()).isEqualTo(sent.id());
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void publishingAnUnknownPayloadOrWithoutATransactionSaysWhatToDo(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    Outbox outbox = outbox(Outbox.builder(source, bus()).relay(false));
    record Stranger(int n) {}
    try (Connection connection = source.getConnection()) {
      assertThatThrownBy(() -> outbox.publish(connection, new Stranger(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot publish " + Stranger.class.getName())
          .hasMessageContaining("annotated with @Event");
    }
    assertThatThrownBy(() -> outbox.publish(new Note(1, "x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("publish(connection, payload)");
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Condition not met within " + DEADLINE);
      }
      Thread.sleep(5);
    }
  }

  /** The application's own table, written in the same transactions as the outbox. */
  static final class Business {
    static void create(DataSource source) throws SQLException {
      JdbcStoresOnBothDatabasesTest.execute(source,
          "CREATE TABLE IF NOT EXISTS business (id BIGINT PRIMARY KEY)");
    }

    static void insert(Connection connection, long id) throws SQLException {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO business (id) VALUES (?)")) {
        insert.setLong(1, id);
        insert.executeUpdate();
      }
    }
  }
}
