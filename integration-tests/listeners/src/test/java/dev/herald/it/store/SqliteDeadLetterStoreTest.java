package dev.herald.it.store;

import static dev.herald.it.store.StoreFixtures.T0;
import static dev.herald.it.store.StoreFixtures.WIRE;
import static dev.herald.it.store.StoreFixtures.letter;
import static dev.herald.it.store.StoreFixtures.ping;
import static dev.herald.it.store.StoreFixtures.probe;
import static dev.herald.it.store.StoreFixtures.sql;
import static dev.herald.it.store.StoreFixtures.stderrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.TaskDone;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.StoreException;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The SQLite dead-letter store on real files, against the in-memory store's semantics. */
@Timeout(120)
class SqliteDeadLetterStoreTest {

  @TempDir
  Path dir;

  private final List<DeadLetterStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(DeadLetterStore::close);
  }

  private DeadLetterStore open(Path file) {
    DeadLetterStore store = JdbcDeadLetterStore.sqlite(file, WIRE);
    opened.add(store);
    return store;
  }

  @Test
  void aLetterComesBackWithEverythingItCarried() {
    Path file = dir.resolve("dlq.db");
    Envelope<?> envelope = probe(1, T0, "req-1");
    Instant failed = Instant.parse("2030-01-01T00:00:05.120Z");
    open(file).add(new DeadLetter("dlq_1", envelope, "billing", DeadLetter.Reason.FAILED,
        "java.io.IOException", "timed out", "java.io.IOException: timed out\n\tat x", 5,
        failed.minusSeconds(4), failed));

    DeadLetter back = open(file).get("dlq_1").orElseThrow(); // another connection, same file
    assertThat(back).usingRecursiveComparison().isEqualTo(
        new DeadLetter("dlq_1", envelope, "billing", DeadLetter.Reason.FAILED,
            "java.io.IOException", "timed out", "java.io.IOException: timed out\n\tat x", 5,
            failed.minusSeconds(4), failed));
    assertThat(open(file).get("dlq_nope")).isEmpty();
  }

  @Test
  void longStacksAndMessagesAreBoundedAndSaySo() {
    DeadLetterStore store = open(dir.resolve("dlq.db"));
    String stack = "java.lang.StackOverflowError\n" + "\tat a.b.C.recurse(C.java:1)\n".repeat(5_000);
    String message = "x".repeat(100_000);
    store.add(new DeadLetter("dlq_big", probe(1), "s", DeadLetter.Reason.FAILED,
        StackOverflowError.class.getName(), message, stack, 1, T0, T0));
    DeadLetter back = store.get("dlq_big").orElseThrow();
    assertThat(back.stackTrace()).startsWith("java.lang.StackOverflowError\n\tat a.b.C.recurse")
        .hasSizeLessThan(17 * 1024).endsWith("more characters cut)");
    assertThat(back.errorMessage()).hasSizeLessThan(5 * 1024).endsWith("more characters cut)");
  }

  @Test
  void listFiltersByPatternSubscriberAndSinceAndPagesOldestFirst() {
    DeadLetterStore store = open(dir.resolve("dlq.db"));
    Envelope<TaskDone> done = Envelope.of(EventMap.TASK_DONE, new TaskDone("t"), "evt_done",
        T0, "test", null, null, null, Map.of());
    store.add(letter("dlq_1", probe(1), "a", T0.plusSeconds(1)));
    store.add(letter("dlq_2", ping(2), "a", T0.plusSeconds(2)));
    store.add(letter("dlq_3", done, "b", T0.plusSeconds(3)));
    store.add(letter("dlq_4", probe(4), "b", T0.plusSeconds(4)));
    store.add(letter("dlq_5", ping(5), "a", T0.plusNanos(5_000_000_001L)));

    assertThat(ids(store, DeadLetterQuery.all())).containsExactly("dlq_1", "dlq_2", "dlq_3",
        "dlq_4", "dlq_5");
    assertThat(ids(store, DeadLetterQuery.all().type("crash:probe"))).containsExactly("dlq_1",
        "dlq_4");
    assertThat(ids(store, DeadLetterQuery.all().type("test:*"))).containsExactly("dlq_2", "dlq_5");
    assertThat(ids(store, DeadLetterQuery.all().type("*:done"))).containsExactly("dlq_3");
    assertThat(ids(store, DeadLetterQuery.all().type("task.#"))).containsExactly("dlq_3");
    assertThat(ids(store, DeadLetterQuery.all().type("#"))).hasSize(5);
    assertThat(ids(store, DeadLetterQuery.all().type("tes:*"))).isEmpty();
    assertThat(ids(store, DeadLetterQuery.all().type("test"))).isEmpty();
    assertThat(ids(store, DeadLetterQuery.all().subscriber("b"))).containsExactly("dlq_3", "dlq_4");
    assertThat(ids(store, DeadLetterQuery.all().subscriber("c"))).isEmpty();
    assertThat(ids(store, DeadLetterQuery.all().since(T0.plusSeconds(3))))
        .containsExactly("dlq_3", "dlq_4", "dlq_5");
    // to the nanosecond: 5.000000001 s is after 5 s, and text order is time order
    assertThat(ids(store, DeadLetterQuery.all().since(T0.plusNanos(5_000_000_001L))))
        .containsExactly("dlq_5");
    assertThat(ids(store, DeadLetterQuery.all().since(T0.plusNanos(5_000_000_002L)))).isEmpty();
    assertThat(ids(store, DeadLetterQuery.all().subscriber("a").type("test:#")
        .since(T0.plusSeconds(3)))).containsExactly("dlq_5");

    assertThat(ids(store, DeadLetterQuery.all().offset(1).limit(2))).containsExactly("dlq_2",
        "dlq_3");
    assertThat(ids(store, DeadLetterQuery.all().subscriber("a").offset(2).limit(5)))
        .containsExactly("dlq_5");
    assertThat(ids(store, DeadLetterQuery.all().offset(5))).isEmpty();

    assertThat(store.count(DeadLetterQuery.all())).isEqualTo(5);
    assertThat(store.count(DeadLetterQuery.all().type("crash:*").limit(1))).isEqualTo(2);
    assertThat(store.count(DeadLetterQuery.all().subscriber("a").offset(2))).isEqualTo(3);
  }

  @Test
  void deleteAndPurgeRemoveExactlyWhatTheySay() {
    DeadLetterStore store = open(dir.resolve("dlq.db"));
    for (int i = 0; i < 1_200; i++) {
      store.add(letter("dlq_" + i, i % 2 == 0 ? probe(i) : ping(i), i % 3 == 0 ? "a" : "b",
          T0.plusSeconds(i)));
    }
    assertThat(store.delete("dlq_0")).isTrue();
    assertThat(store.delete("dlq_0")).isFalse();
    assertThat(store.get("dlq_0")).isEmpty();

    assertThat(store.purge(DeadLetterQuery.all().type("test:ping").limit(1))).isEqualTo(600);
    assertThat(store.count(DeadLetterQuery.all())).isEqualTo(599);
    assertThat(store.purge(DeadLetterQuery.all().subscriber("a").since(T0.plusSeconds(600))))
        .isEqualTo(100);
    assertThat(store.purge(DeadLetterQuery.all().type("nothing:*"))).isZero();
    assertThat(store.purge(DeadLetterQuery.all())).isEqualTo(499);
    assertThat(store.count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void addingAStoredIdReplacesTheLetterInPlace() {
    DeadLetterStore store = open(dir.resolve("dlq.db"));
    store.add(letter("dlq_1", probe(1), "a", T0));
    store.add(letter("dlq_2", probe(2), "a", T0));
    store.add(new DeadLetter("dlq_1", probe(1), "a", DeadLetter.Reason.FAILED, "E", "again", null,
        7, T0, T0.plusSeconds(9)));
    assertThat(store.list(DeadLetterQuery.all())).extracting(DeadLetter::id, DeadLetter::attempts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("dlq_1", 7),
            org.assertj.core.groups.Tuple.tuple("dlq_2", 3));
  }

  @Test
  void aLetterThatCannotBeReadBackIsReportedByIdAndSkipped() throws Exception {
    Path file = dir.resolve("damaged.db");
    DeadLetterStore store = open(file);
    for (int i = 1; i <= 4; i++) {
      store.add(letter("dlq_" + i, probe(i), "a", T0.plusSeconds(i)));
    }
    sql(file, "UPDATE herald_dead_letters SET envelope = '{not json' WHERE id = 'dlq_2'");
    sql(file, "UPDATE herald_dead_letters SET envelope = replace(envelope, 'crash:probe',"
        + " 'crash:gone') WHERE id = 'dlq_3'");

    AtomicReference<List<String>> listed = new AtomicReference<>();
    String log = stderrOf(() -> listed.set(ids(store, DeadLetterQuery.all())));
    assertThat(listed.get()).containsExactly("dlq_1", "dlq_4");
    assertThat(log).contains("ERROR").contains("dlq_2").contains("dlq_3").contains("crash:gone")
        .contains("SELECT * FROM herald_dead_letters WHERE id = 'dlq_3'");
    assertThat(store.skippedRows()).isEqualTo(2);
    assertThat(store.count(DeadLetterQuery.all())).isEqualTo(2);
    assertThat(store.get("dlq_2")).isEmpty();
    assertThat(store.delete("dlq_2")).as("a damaged row can still be deleted by id").isTrue();
    assertThat(store.purge(DeadLetterQuery.all())).isEqualTo(2);
    assertThat(ids(store, DeadLetterQuery.all())).isEmpty();
  }

  @Test
  void aFileWrittenByANewerSchemaIsRefused() throws Exception {
    Path file = dir.resolve("newer.db");
    open(file);
    sql(file, "UPDATE herald_schema SET version = 2 WHERE component = 'dead_letters'");
    assertThatThrownBy(() -> open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("dead_letters tables in SQLite file " + file.toAbsolutePath())
        .hasMessageContaining("newer Herald (schema version 2; this one reads up to version 1)")
        .hasMessageContaining("Upgrade herald-jdbc");
  }

  @Test
  void severalThreadsAndStoresWriteOneFile() throws Exception {
    Path file = dir.resolve("dlq.db");
    ExecutorService writers = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      DeadLetterStore store = t % 2 == 0 ? open(file) : opened.get(opened.size() - 1);
      String subscriber = "w" + t;
      done.add(writers.submit(() -> {
        for (int i = 0; i < 100; i++) {
          store.add(letter(subscriber + "_" + i, probe(i), subscriber, T0.plusSeconds(i)));
          if (i % 10 == 0) {
            store.list(DeadLetterQuery.all().subscriber(subscriber));
          }
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    writers.shutdown();
    DeadLetterStore reader = open(file);
    assertThat(reader.count(DeadLetterQuery.all())).isEqualTo(400);
    assertThat(reader.count(DeadLetterQuery.all().subscriber("w3"))).isEqualTo(100);
  }

  @Test
  void aJdbcDataSourceWorksWithTheBusContractsOrGivenOnes() throws Exception {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + dir.resolve("jdbc.db"));
    DeadLetterStore ofTheBus = JdbcDeadLetterStore.of(dataSource);
    opened.add(ofTheBus);
    try (EventBus bus = EventBus.builder().source("test").deadLetters(ofTheBus).build()) {
      bus.deadLetters().add(letter("dlq_1", ping(1), "a", T0));
    }
    DeadLetterStore given =
        JdbcDeadLetterStore.of(dataSource, CloudEvents.of(List.of(EventMap.TEST_PING)));
    opened.add(given);
    assertThat(given.get("dlq_1").orElseThrow().envelope()).usingRecursiveComparison()
        .isEqualTo(ping(1));
  }

  private static List<String> ids(DeadLetterStore store, DeadLetterQuery query) {
    return store.list(query).stream().map(DeadLetter::id).toList();
  }
}
