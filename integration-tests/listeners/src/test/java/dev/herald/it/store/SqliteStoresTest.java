package dev.herald.it.store;

import static dev.herald.it.store.StoreFixtures.WIRE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.it.contracts.CrashProbe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite stores on real files. */
class SqliteStoresTest {

  @TempDir
  Path dir;

  @Test
  void deadLettersSurviveARestartAndReplayToTheReregisteredSubscriber() {
    Path file = dir.resolve("herald.db");
    try (EventBus bus = bus(JdbcDeadLetterStore.sqlite(file))) {
      bus.subscribe(Ping.class, p -> {
        throw new IllegalStateException("down for maintenance");
      }, SubscribeOptions.named("pinger").maxAttempts(1));
      bus.publish(new Ping(1), Metadata.builder().correlationId("req-1").build());
      bus.publish(new Ping(2));
    }

    List<Integer> delivered = new ArrayList<>();
    try (EventBus bus = bus(JdbcDeadLetterStore.sqlite(file))) {
      List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
      assertThat(letters).hasSize(2);
      DeadLetter first = letters.get(0);
      assertThat(first.envelope().payload()).isEqualTo(new Ping(1));
      assertThat(first.envelope().correlationId()).isEqualTo("req-1");
      assertThat(first.subscriber()).isEqualTo("pinger");
      assertThat(first.reason()).isEqualTo(DeadLetter.Reason.FAILED);
      assertThat(first.errorType()).isEqualTo(IllegalStateException.class.getName());
      assertThat(first.errorMessage()).isEqualTo("down for maintenance");
      assertThat(first.stackTrace()).contains("down for maintenance");
      assertThat(first.attempts()).isEqualTo(1);

      bus.subscribe(Ping.class, p -> delivered.add(p.n()), SubscribeOptions.named("pinger"));
      assertThat(bus.replay(first)).isTrue();
      assertThat(delivered).containsExactly(1);
      assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isEqualTo(1);
    }
  }

  @Test
  void deadLettersAreFilteredPagedAndPurged() {
    DeadLetterStore store = JdbcDeadLetterStore.sqlite(dir.resolve("dlq.db"));
    try (EventBus bus = bus(store)) {
      bus.subscribe("test:*", e -> {
        throw new IllegalStateException("no");
      }, SubscribeOptions.named("a").maxAttempts(1));
      for (int i = 0; i < 5; i++) {
        bus.publish(new Ping(i));
      }
      Instant middle = store.list(DeadLetterQuery.all()).get(2).lastFailure();

      assertThat(store.list(DeadLetterQuery.all().type("test:ping").offset(1).limit(2)))
          .extracting(l -> (Object) l.envelope().payload()).containsExactly(new Ping(1), new Ping(2));
      assertThat(store.count(DeadLetterQuery.all().subscriber("a"))).isEqualTo(5);
      assertThat(store.count(DeadLetterQuery.all().subscriber("b"))).isZero();
      assertThat(store.count(DeadLetterQuery.all().type("task:*"))).isZero();
      assertThat(store.count(DeadLetterQuery.all().since(middle))).isBetween(3L, 5L);
      assertThat(store.purge(DeadLetterQuery.all().type("test:#"))).isEqualTo(5);
      assertThat(store.count(DeadLetterQuery.all())).isZero();
    }
  }

  @Test
  void persistedEventsAreStoredBeforePublishReturnsAndCanBeQueriedAndReplayed() {
    Path file = dir.resolve("events.db");
    try (EventStore store = JdbcEventStore.sqlite(file);
        EventBus bus = EventBus.builder().source("test").eventStore(store).build()) {
      bus.subscribe(CrashProbe.class, p -> { });
      Envelope<CrashProbe> first = bus.publish(new CrashProbe("s", 1),
          Metadata.builder().correlationId("flow-1").build());
      assertThat(store.read(EventQuery.all())).singleElement()
          .satisfies(stored -> assertThat(stored.envelope().id()).isEqualTo(first.id()));
      bus.publish(new Ping(1)); // not persist: not stored
      bus.publish(new CrashProbe("s", 2));
      bus.publish(new CrashProbe("t", 3), Metadata.builder().correlationId("flow-1").build());

      assertThat(store.count(EventQuery.all())).isEqualTo(3);
      assertThat(store.read(EventQuery.all().correlationId("flow-1")))
          .extracting(s -> (Object) s.envelope().payload())
          .containsExactly(new CrashProbe("s", 1), new CrashProbe("t", 3));
      assertThat(store.read(EventQuery.all().type("test:*"))).isEmpty();
      assertThat(store.read(EventQuery.all().between(first.time(), null).limit(2))).hasSize(2);
      List<EventStore.Stored> page = store.read(EventQuery.all().limit(2));
      assertThat(store.read(EventQuery.all().afterPosition(page.get(1).position())))
          .extracting(s -> (Object) s.envelope().payload()).containsExactly(new CrashProbe("t", 3));
    }

    // A new process replays the log into its bus, ids intact.
    List<Envelope<?>> replayed = new CopyOnWriteArrayList<>();
    try (EventStore store = JdbcEventStore.sqlite(file);
        EventBus bus = EventBus.builder().source("test").eventStore(store).build()) {
      bus.subscribe("crash:*", replayed::add);
      assertThat(store.replay(EventQuery.all(), bus::deliver)).isEqualTo(3);
      assertThat(replayed).extracting(e -> (Object) e.payload()).containsExactly(new CrashProbe("s", 1),
          new CrashProbe("s", 2), new CrashProbe("t", 3));
      assertThat(store.count(EventQuery.all())).as("deliver does not store again").isEqualTo(3);
    }
  }

  @Test
  void groupCommitStoresEverythingOnFlush() throws Exception {
    try (EventStore store = JdbcEventStore.sqlite(dir.resolve("group.db"),
        EventStore.Durability.GROUP_COMMIT);
        EventBus bus = EventBus.builder().source("test").eventStore(store).build()) {
      bus.subscribe(CrashProbe.class, p -> { });
      ExecutorService publishers = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String stream = "s" + t;
        done.add(publishers.submit(() -> {
          for (int i = 0; i < 500; i++) {
            bus.publish(new CrashProbe(stream, i));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      publishers.shutdown();
      store.flush();
      assertThat(store.count(EventQuery.all())).isEqualTo(2000);
    }
  }

  @Test
  void aCorruptRowIsReportedAndSkippedAndTheRestStayReadable() throws Exception {
    Path file = dir.resolve("corrupt.db");
    try (EventStore store = JdbcEventStore.sqlite(file, WIRE)) {
      for (int i = 0; i < 3; i++) {
        store.append(envelope(i));
      }
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE herald_events SET envelope = '{\"specversion\":\"1.0\",'"
          + " WHERE position = 2");
    }
    try (EventStore store = JdbcEventStore.sqlite(file, WIRE)) {
      assertThat(store.read(EventQuery.all())).extracting(EventStore.Stored::position)
          .containsExactly(1L, 3L);
      assertThat(store.count(EventQuery.all())).isEqualTo(2);
    }
  }

  @Test
  void aStoreWrittenByANewerSchemaIsRefused() throws Exception {
    Path file = dir.resolve("newer.db");
    JdbcEventStore.sqlite(file, WIRE).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE herald_schema SET version = 99 WHERE component = 'events'");
    }
    assertThatThrownBy(() -> JdbcEventStore.sqlite(file, WIRE))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("written by a newer Herald (schema version 99; this one reads up to"
            + " version 1)")
        .hasMessageContaining("Upgrade herald-jdbc");
  }

  @Test
  void severalThreadsWriteOneFile() throws Exception {
    Path file = dir.resolve("threads.db");
    try (EventStore store = JdbcEventStore.sqlite(file, WIRE)) {
      ExecutorService writers = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        done.add(writers.submit(() -> {
          for (int i = 0; i < 100; i++) {
            store.append(envelope(base + i));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      writers.shutdown();
      assertThat(store.count(EventQuery.all())).isEqualTo(400);
    }
  }

  private static Envelope<CrashProbe> envelope(int n) {
    return Envelope.of(EventMap.CRASH_PROBE, new CrashProbe("s", n), "evt_" + n, Instant.now(),
        "test", null, null, null, java.util.Map.of());
  }

  private static EventBus bus(DeadLetterStore deadLetters) {
    return EventBus.builder().source("test").deadLetters(deadLetters).build();
  }

  @Test
  void aStoreDecodesWithTheContractsOfTheBusItIsGiven() {
    Path file = dir.resolve("owned.db");
    try (EventStore writer = JdbcEventStore.sqlite(file, WIRE)) {
      writer.append(envelope(1));
    }
    // A bus that knows the test contracts: its store reads the row.
    try (EventStore store = JdbcEventStore.sqlite(file);
        EventBus bus = EventBus.builder().source("test").discoverCatalogs(false)
            .catalogs(new dev.herald.it.contracts.HeraldCatalog()).eventStore(store).build()) {
      assertThat(store.read(EventQuery.all())).extracting(s -> s.envelope().id())
          .containsExactly("evt_1");
      assertThat(bus.events()).contains(EventMap.CRASH_PROBE);
    }
    // A bus that was told not to look for catalogs knows none of them, and neither does its store,
    // although the contracts are on the class path: the row is reported and skipped.
    try (EventStore store = JdbcEventStore.sqlite(file);
        EventBus bus = EventBus.builder().source("test").discoverCatalogs(false)
            .eventStore(store).build()) {
      assertThat(bus.events()).doesNotContain(EventMap.CRASH_PROBE);
      assertThat(StoreFixtures.stderrOf(() -> assertThat(store.read(EventQuery.all())).isEmpty()))
          .contains("position 1").contains("crash:probe");
    }
  }

  @Test
  void aStoreWithoutContractsRefusesToWorkBeforeItsBusIsBuilt() {
    try (EventStore events = JdbcEventStore.sqlite(dir.resolve("events.db"));
        DeadLetterStore letters = JdbcDeadLetterStore.sqlite(dir.resolve("letters.db"))) {
      assertThatThrownBy(() -> events.append(envelope(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("JdbcEventStore does not know any event contracts yet")
          .hasMessageContaining("pass it to EventBus.builder()");
      assertThatThrownBy(() -> letters.add(StoreFixtures.letter("dlq_1", envelope(1), "a", Instant.now())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("JdbcDeadLetterStore does not know any event contracts yet");
    }
  }

  @Test
  void contractsGivenToAStoreWinOverThoseOfItsBus() {
    Path file = dir.resolve("given.db");
    try (EventStore store = JdbcEventStore.sqlite(file, WIRE);
        EventBus bus = EventBus.builder().source("test").discoverCatalogs(false)
            .eventStore(store).build()) {
      assertThat(bus.events()).doesNotContain(EventMap.CRASH_PROBE);
      store.append(envelope(1));
      assertThat(store.read(EventQuery.all())).hasSize(1);
    }
  }
}
