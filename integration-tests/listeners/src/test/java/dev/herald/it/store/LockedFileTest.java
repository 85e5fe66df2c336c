package dev.herald.it.store;

import static dev.herald.it.store.StoreFixtures.T0;
import static dev.herald.it.store.StoreFixtures.WIRE;
import static dev.herald.it.store.StoreFixtures.letter;
import static dev.herald.it.store.StoreFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds the file's write lock for longer than SQLite's busy timeout (5 s): the
 * stores retry on SQLITE_BUSY instead of failing, and write once the lock is free.
 */
class LockedFileTest {

  private static final Duration HELD = Duration.ofMillis(6_500);

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void writesWaitOutALockHeldPastTheBusyTimeout(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("locked.db");
    DeadLetterStore letters = JdbcDeadLetterStore.sqlite(file, WIRE);
    try (EventStore events = JdbcEventStore.sqlite(file, WIRE);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement lock = other.createStatement()) {
      lock.execute("BEGIN IMMEDIATE"); // the write lock, as another process's transaction holds it
      long start = System.nanoTime();
      CompletableFuture<Void> append = CompletableFuture.runAsync(() -> events.append(probe(1)));
      CompletableFuture<Void> add = CompletableFuture.runAsync(
          () -> letters.add(letter("dlq_1", probe(1), "a", T0)));
      Thread.sleep(HELD.toMillis());
      assertThat(append).as("still waiting while the lock is held").isNotDone();
      assertThat(add).as("still waiting while the lock is held").isNotDone();
      lock.execute("ROLLBACK");

      append.get(20, TimeUnit.SECONDS);
      add.get(20, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(HELD);
      assertThat(events.count(EventQuery.all())).isEqualTo(1);
      assertThat(letters.count(DeadLetterQuery.all())).isEqualTo(1);
    } finally {
      letters.close();
    }
  }
}
