package dev.herald.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.jdbc.contracts.EventMap;
import dev.herald.jdbc.contracts.Note;
import dev.herald.jdbc.contracts.TaskCreated;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.store.EventStore.Durability;
import dev.herald.runtime.store.StoreException;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The event store and the dead-letter store through a {@code DataSource}, on a SQLite file and on a
 * real PostgreSQL: the dialect comes from the connection, the tables are created on first use with
 * their version recorded, and a newer schema is refused.
 */
class JdbcStoresOnBothDatabasesTest {

  static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path directory;

  static Envelope<Note> note(long n) {
    return Envelope.of(EventMap.NOTE_ADDED, new Note(n, "note " + n), "evt_note_" + n,
        T0.plusSeconds(n), "test", n % 2 == 0 ? "even" : "odd", null, null, Map.of());
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void eventStoreAppendsReadsAndFiltersInPositionOrder(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    try (EventStore store = JdbcEventStore.of(source, Durability.PER_EVENT, WIRE)) {
      for (long n = 1; n <= 5; n++) {
        store.append(note(n));
      }
      store.append(Envelope.of(EventMap.TASK_CREATED, new TaskCreated("b", 1, "t"), "evt_task_1",
          T0, "test", null, null, null, Map.of()));

      assertThat(store.read(EventQuery.all()).stream().map(s -> s.envelope().id()))
          .containsExactly("evt_note_1", "evt_note_2", "evt_note_3", "evt_note_4", "evt_note_5",
              "evt_task_1");
      assertThat(store.read(EventQuery.all().type("note:*").correlationId("even")))
          .extracting(s -> (Object) s.envelope().payload())
          .containsExactly(note(2).payload(), note(4).payload());
      assertThat(store.count(EventQuery.all().between(T0.plusSeconds(2), T0.plusSeconds(4))))
          .isEqualTo(2);
      assertThat(store.read(EventQuery.all().afterPosition(
          store.read(EventQuery.all()).get(4).position()))).extracting(s -> s.envelope().type())
          .containsExactly("task:created");
    }
    assertThat(schemaVersion(source, "events")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void groupCommitEventStoreFlushesOnBoth(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    try (EventStore store = JdbcEventStore.of(source, Durability.GROUP_COMMIT, WIRE)) {
      for (long n = 1; n <= 300; n++) {
        store.append(note(n));
      }
      store.flush();
      assertThat(store.count(EventQuery.all())).isEqualTo(300);
    }
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void deadLetterStoreReplacesListsAndDeletes(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    try (JdbcDeadLetterStore letters = JdbcDeadLetterStore.of(source, WIRE)) {
      letters.add(letter("dlq_1", note(1), "audit", 2));
      letters.add(letter("dlq_2", note(2), "mail", 3));
      letters.add(letter("dlq_1", note(1), "audit", 5)); // same id: replaced in place

      assertThat(letters.list(DeadLetterQuery.all()))
          .extracting(DeadLetter::id, DeadLetter::attempts)
          .containsExactly(tuple("dlq_1", 5), tuple("dlq_2", 3));
      assertThat(letters.count(DeadLetterQuery.all().subscriber("mail"))).isEqualTo(1);
      assertThat(letters.get("dlq_2")).get().extracting(l -> l.envelope().payload())
          .isEqualTo(note(2).payload());
      assertThat(letters.delete("dlq_1")).isTrue();
      assertThat(letters.delete("dlq_1")).isFalse();
      assertThat(letters.purge(DeadLetterQuery.all())).isEqualTo(1);
      assertThat(letters.count(DeadLetterQuery.all())).isZero();
    }
    assertThat(schemaVersion(source, "dead_letters")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aSchemaWrittenByANewerHeraldIsRefusedNamingTheVersions(Databases kind) throws Exception {
    DataSource source = kind.create(directory);
    JdbcEventStore.of(source, Durability.PER_EVENT, WIRE).close();
    execute(source, "UPDATE herald_schema SET version = 7 WHERE component = 'events'");

    assertThatThrownBy(() -> JdbcEventStore.of(source, Durability.PER_EVENT, WIRE))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("The events tables in data source")
        .hasMessageContaining("written by a newer Herald (schema version 7; this one reads up to"
            + " version 1)")
        .hasMessageContaining("Upgrade herald-jdbc");
    // The dead-letter component has its own version and still opens.
    JdbcDeadLetterStore.of(source, WIRE).close();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void storesOpenedConcurrentlyCreateTheTablesOnce(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    Thread[] threads = new Thread[4];
    Throwable[] failures = new Throwable[threads.length];
    for (int i = 0; i < threads.length; i++) {
      int index = i;
      threads[i] = new Thread(() -> {
        try {
          JdbcEventStore.of(source, Durability.PER_EVENT, WIRE).close();
          JdbcDeadLetterStore.of(source, WIRE).close();
        } catch (Throwable t) {
          failures[index] = t;
        }
      });
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).containsOnlyNulls();
    assertThat(count(source, "SELECT COUNT(*) FROM herald_schema")).isEqualTo(2);
  }

  static DeadLetter letter(String id, Envelope<?> envelope, String subscriber, int attempts) {
    return new DeadLetter(id, envelope, subscriber, DeadLetter.Reason.FAILED,
        IllegalStateException.class.getName(), "down", "java.lang.IllegalStateException: down",
        attempts, T0, T0.plusSeconds(attempts));
  }

  static int schemaVersion(DataSource source, String component) throws SQLException {
    return (int) count(source,
        "SELECT version FROM herald_schema WHERE component = '" + component + "'");
  }

  static long count(DataSource source, String sql) throws SQLException {
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).as(sql).isTrue();
      return result.getLong(1);
    }
  }

  static void execute(DataSource source, String sql) throws SQLException {
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
