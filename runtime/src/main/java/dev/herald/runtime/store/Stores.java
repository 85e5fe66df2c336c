package dev.herald.runtime.store;

import dev.herald.runtime.CloudEvents;
import dev.herald.runtime.DeadLetterStore;
import dev.herald.runtime.EventStore;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds the SQL stores behind {@link DeadLetterStore#sqlite}, {@link DeadLetterStore#jdbc},
 * {@link EventStore#sqlite} and {@link EventStore#jdbc}; use those factories instead.
 *
 * <p>Every store keeps one connection for its lifetime, creates its tables on first use and records
 * their version in a {@code herald_schema} table; a database whose tables a newer Herald wrote is
 * refused with a {@link StoreException}. Stored events are CloudEvents 1.0 JSON, written and read
 * with the given {@link CloudEvents}, so a store is readable only for the contracts it knows.
 *
 * <p>A SQLite file is opened in WAL mode with a busy timeout, and every write is retried for a while
 * when another process holds the file's lock, so several threads and processes may share one file.
 * Dead letters and per-event appends are committed with {@code synchronous=FULL} (forced to disk
 * before the call returns). A group-commit event store uses {@code synchronous=NORMAL}: a committed
 * group survives a crash of the process, not necessarily of the machine; the group-commit option
 * already gives up durability of the last few milliseconds for throughput, and a forced write per
 * group would cost more than the group saves.
 */
public final class Stores {

  private Stores() {}

  /** Dead letters in a SQLite file, created if absent. */
  public static DeadLetterStore deadLetters(Path file, CloudEvents wire) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(wire, "wire");
    return new JdbcDeadLetterStore(Database.sqlite(file, true), wire);
  }

  /** Dead letters in the database of {@code dataSource} (SQLite's SQL dialect). */
  public static DeadLetterStore deadLetters(DataSource dataSource, CloudEvents wire) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(wire, "wire");
    return new JdbcDeadLetterStore(Database.of(dataSource), wire);
  }

  /** An event log in a SQLite file, created if absent. */
  public static EventStore eventStore(Path file, EventStore.Durability durability,
      CloudEvents wire) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(wire, "wire");
    return new JdbcEventStore(
        Database.sqlite(file, durability == EventStore.Durability.PER_EVENT), wire, durability);
  }

  /** An event log in the database of {@code dataSource} (SQLite's SQL dialect). */
  public static EventStore eventStore(DataSource dataSource, EventStore.Durability durability,
      CloudEvents wire) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(wire, "wire");
    return new JdbcEventStore(Database.of(dataSource), wire, durability);
  }
}
