package dev.herald.it.store;

import static dev.herald.it.store.StoreFixtures.T0;
import static dev.herald.it.store.StoreFixtures.WIRE;
import static dev.herald.it.store.StoreFixtures.ping;
import static dev.herald.it.store.StoreFixtures.probe;
import static dev.herald.it.store.StoreFixtures.sql;
import static dev.herald.it.store.StoreFixtures.stderrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.it.contracts.CrashProbe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.it.contracts.TaskDone;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore.Durability;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.store.StoreException;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The SQLite event store on real files: queries, paging, replay, durability modes, damage. */
@Timeout(120)
class SqliteEventStoreTest {

  @TempDir
  Path dir;

  @Test
  void theFileIsInWalModeWithItsSchemaVersioned() throws Exception {
    Path file = dir.resolve("events.db");
    JdbcEventStore.sqlite(file, WIRE).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
        assertThat(mode.next()).isTrue();
        assertThat(mode.getString(1)).isEqualTo("wal");
      }
      try (ResultSet version = statement.executeQuery(
          "SELECT version FROM herald_schema WHERE component = 'events'")) {
        assertThat(version.next()).isTrue();
        assertThat(version.getInt(1)).isEqualTo(1);
      }
    }
    JdbcEventStore.sqlite(file, WIRE).close(); // opening again leaves a current schema alone
  }

  @Test
  void readsFilterByTypePatternTimeRangeAndCorrelationInAppendOrder() {
    try (EventStore store = JdbcEventStore.sqlite(dir.resolve("events.db"), WIRE)) {
      store.append(probe(1, T0, "flow-1"));
      store.append(ping(2));
      store.append(Envelope.of(EventMap.TASK_DONE, new TaskDone("t1"), "evt_done", T0.plusSeconds(3),
          "test", "flow-1", null, null, Map.of()));
      store.append(Envelope.of(EventMap.ROOM_BOOKED, new RoomBooked("r1", 1), "evt_room",
          T0.plusSeconds(4), "test", null, null, null, Map.of()));
      store.append(probe(5, T0.plusMillis(5_000_001).plusNanos(1), "flow-2"));
      // Appended later, stamped earlier: still read in append order.
      store.append(probe(6, T0.minusSeconds(60), "flow-1"));

      assertThat(ids(store, EventQuery.all())).containsExactly("evt_probe_1", "evt_ping_2",
          "evt_done", "evt_room", "evt_probe_5", "evt_probe_6");
      assertThat(ids(store, EventQuery.all().type("crash:probe")))
          .containsExactly("evt_probe_1", "evt_probe_5", "evt_probe_6");
      assertThat(ids(store, EventQuery.all().type("*:probe")))
          .containsExactly("evt_probe_1", "evt_probe_5", "evt_probe_6");
      assertThat(ids(store, EventQuery.all().type("task:*"))).containsExactly("evt_done");
      assertThat(ids(store, EventQuery.all().type("task.#"))).containsExactly("evt_done");
      assertThat(ids(store, EventQuery.all().type("#:booked"))).containsExactly("evt_room");
      assertThat(ids(store, EventQuery.all().type("#"))).hasSize(6);
      assertThat(ids(store, EventQuery.all().type("test"))).isEmpty(); // not a prefix match
      assertThat(ids(store, EventQuery.all().type("tes:*"))).isEmpty();
      assertThat(ids(store, EventQuery.all().correlationId("flow-1")))
          .containsExactly("evt_probe_1", "evt_done", "evt_probe_6");

      // from inclusive, until exclusive, to the nanosecond (the text column sorts as time).
      assertThat(ids(store, EventQuery.all().between(T0.plusSeconds(2), T0.plusSeconds(4))))
          .containsExactly("evt_ping_2", "evt_done");
      assertThat(ids(store, EventQuery.all().between(T0.plusMillis(5_000_001).plusNanos(1), null)))
          .containsExactly("evt_probe_5");
      assertThat(ids(store, EventQuery.all().between(T0.plusMillis(5_000_001).plusNanos(2), null)))
          .isEmpty();
      assertThat(ids(store, EventQuery.all().between(null, T0))).containsExactly("evt_probe_6");
      assertThat(ids(store, EventQuery.all().type("crash:*").correlationId("flow-1")
          .between(T0, null))).containsExactly("evt_probe_1");

      assertThat(store.count(EventQuery.all())).isEqualTo(6);
      assertThat(store.count(EventQuery.all().type("crash:*"))).isEqualTo(3);
      assertThat(store.count(EventQuery.all().correlationId("flow-2"))).isEqualTo(1);
    }
  }

  @Test
  void pagesFollowPositionsAndReplayStreamsEveryPage() {
    try (EventStore store = JdbcEventStore.sqlite(dir.resolve("events.db"), WIRE)) {
      for (int i = 0; i < 1_234; i++) {
        store.append(i % 3 == 0 ? ping(i) : probe(i));
      }
      EventQuery probes = EventQuery.all().type("crash:probe").limit(100);
      List<Long> seen = new ArrayList<>();
      long after = 0;
      while (true) {
        List<EventStore.Stored> page = store.read(probes.afterPosition(after));
        if (page.isEmpty()) {
          break;
        }
        assertThat(page).hasSizeLessThanOrEqualTo(100);
        for (EventStore.Stored stored : page) {
          assertThat(stored.position()).isGreaterThan(after);
          after = stored.position();
          seen.add(((CrashProbe) stored.envelope().payload()).sequence());
        }
      }
      assertThat(seen).hasSize(822).isSorted();

      List<Long> replayed = new ArrayList<>();
      long count = store.replay(probes, e -> replayed.add(((CrashProbe) e.payload()).sequence()));
      assertThat(count).isEqualTo(822);
      assertThat(replayed).isEqualTo(seen);
      assertThat(store.replay(EventQuery.all().limit(7), e -> { })).isEqualTo(1_234);
      assertThat(store.count(probes)).isEqualTo(822);
    }
  }

  @Test
  void corruptAndUnknownRowsAreReportedByPositionAndSkipped() throws Exception {
    Path file = dir.resolve("damaged.db");
    try (EventStore store = JdbcEventStore.sqlite(file, WIRE)) {
      for (int i = 1; i <= 4; i++) {
        store.append(probe(i));
      }
    }
    sql(file, "UPDATE herald_events SET envelope = '{\"specversion\":\"1.0\",' WHERE position = 2");
    sql(file, "UPDATE herald_events SET envelope = replace(envelope, 'crash:probe', 'crash:gone')"
        + " WHERE position = 3");

    try (EventStore store = JdbcEventStore.sqlite(file, WIRE)) {
      AtomicReference<List<EventStore.Stored>> read = new AtomicReference<>();
      String log = stderrOf(() -> read.set(store.read(EventQuery.all())));
      assertThat(read.get()).extracting(EventStore.Stored::position).containsExactly(1L, 4L);
      assertThat(log).contains("ERROR").contains("position 2 (event id evt_probe_2)")
          .contains("position 3 (event id evt_probe_3)")
          .contains("crash:gone").contains(file.getFileName().toString())
          .contains("Find it with: SELECT * FROM herald_events WHERE position = 3");
      assertThat(store.skippedRows()).isEqualTo(2);
      try (EventBus bus = EventBus.builder().eventStore(store).build()) {
        Health.Component events = bus.health().components().get("eventStore");
        assertThat(events.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(events.reason()).contains("skipped 2 stored row(s)");
      }
      assertThat(store.count(EventQuery.all())).isEqualTo(2);
      assertThat(store.skippedRows()).as("counted at each skip").isEqualTo(4);
      List<String> replayed = new ArrayList<>();
      assertThat(store.replay(EventQuery.all(), e -> replayed.add(e.id()))).isEqualTo(2);
      assertThat(replayed).containsExactly("evt_probe_1", "evt_probe_4");
      store.append(probe(5)); // the log still takes events
      assertThat(store.count(EventQuery.all())).isEqualTo(3);
    }
  }

  @Test
  void aFileWrittenByANewerSchemaIsRefusedSayingWhatAndHowToFix() throws Exception {
    Path file = dir.resolve("newer.db");
    JdbcEventStore.sqlite(file, WIRE).close();
    sql(file, "UPDATE herald_schema SET version = 99 WHERE component = 'events'");
    assertThatThrownBy(() -> JdbcEventStore.sqlite(file, WIRE))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("events tables in SQLite file " + file.toAbsolutePath())
        .hasMessageContaining("written by a newer Herald (schema version 99; this one reads up to"
            + " version 1)")
        .hasMessageContaining("Upgrade herald-jdbc");
  }

  @Test
  void groupCommitCommitsWithinItsWindowWithoutAFlush() throws Exception {
    Path file = dir.resolve("group.db");
    try (EventStore store = JdbcEventStore.sqlite(file, Durability.GROUP_COMMIT, WIRE)) {
      store.append(probe(1));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (rowsOnDisk(file) < 1) {
        assertThat(System.nanoTime() - deadline).as("committed within 10 s").isNegative();
        Thread.sleep(2);
      }
      for (int i = 2; i <= 1_000; i++) {
        store.append(probe(i));
      }
      store.flush();
      assertThat(rowsOnDisk(file)).as("flush waits for every group").isEqualTo(1_000);
      assertThat(ids(store, EventQuery.all().limit(1_000))).hasSize(1_000)
          .startsWith("evt_probe_1", "evt_probe_2").endsWith("evt_probe_1000");
    }
  }

  @Test
  void closeCommitsWhatGroupCommitStillHoldsThenRefusesAppends() throws Exception {
    Path file = dir.resolve("group.db");
    EventStore store = JdbcEventStore.sqlite(file, Durability.GROUP_COMMIT, WIRE);
    for (int i = 1; i <= 3_000; i++) {
      store.append(probe(i));
    }
    store.close();
    assertThat(rowsOnDisk(file)).isEqualTo(3_000);
    assertThatThrownBy(() -> store.append(probe(0))).isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void severalThreadsAppendToOneStoreInBothModes() throws Exception {
    for (Durability durability : Durability.values()) {
      Path file = dir.resolve(durability + ".db");
      try (EventStore store = JdbcEventStore.sqlite(file, durability, WIRE)) {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int base = t * 1_000;
          done.add(writers.submit(() -> {
            for (int i = 0; i < 100; i++) {
              store.append(probe(base + i));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        store.flush();
        assertThat(store.read(EventQuery.all())).as("%s", durability).hasSize(400)
            .extracting(s -> s.envelope().id()).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void aJdbcDataSourceWorksLikeTheFileWithTheContractsItIsGiven() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("jdbc.db"));
    CloudEvents wire = CloudEvents.of(List.of(EventMap.CRASH_PROBE));
    try (EventStore store = JdbcEventStore.of(dataSource, Durability.PER_EVENT, wire)) {
      store.append(probe(1, Instant.now(), "c"));
      store.append(ping(2)); // a contract it was not given: written, but not read back
      assertThat(stderrOf(() -> assertThat(ids(store, EventQuery.all()))
          .containsExactly("evt_probe_1"))).contains("position 2").contains("test:ping");
    }
    try (EventStore store = JdbcEventStore.of(dataSource, Durability.GROUP_COMMIT);
        EventBus bus = EventBus.builder().source("test").eventStore(store).build()) {
      assertThat(bus.events()).contains(EventMap.TEST_PING);
      store.append(ping(3)); // with the contracts of its bus
      store.flush();
      assertThat(ids(store, EventQuery.all())).containsExactly("evt_probe_1", "evt_ping_2",
          "evt_ping_3");
    }
  }

  private static List<String> ids(EventStore store, EventQuery query) {
    return store.read(query).stream().map(s -> s.envelope().id()).toList();
  }

  private static long rowsOnDisk(Path file) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM herald_events")) {
      result.next();
      return result.getLong(1);
    }
  }
}
