package dev.herald.jdbc;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.spi.BoundContracts;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.store.StoreException;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only event log in a SQL database (SQLite by default): one row per event with its
 * CloudEvents JSON and indexed columns for the filters (type, time, correlation id), in append
 * order (the row's position).
 *
 * <p>With {@link EventStore.Durability#PER_EVENT} every append is its own committed transaction
 * before it returns. With {@link EventStore.Durability#GROUP_COMMIT} {@code append} queues the event
 * and returns; a writer thread waits up to {@value #GROUP_WINDOW_MILLIS} ms after the first event
 * of a group arrives, then commits up to {@value #GROUP_SIZE} queued events in one transaction. A
 * full group, a {@link #flush()} or {@link #close()} ends the wait at once; {@code flush} returns
 * when everything appended before it is committed. If a group cannot be
 * committed, the failure is logged at ERROR with the events' ids, and every later {@code append}
 * and {@code flush} throws it: the store does not pretend.
 *
 * <p>Reads run the filters in SQL (the type as a coarse range, exactly in Java), in pages of
 * {@value #PAGE} rows, so {@code replay} and {@code count} stream the log. A row that cannot be
 * decoded is logged at ERROR with its position and the query that finds it, skipped, and counted
 * in {@link #skippedRows()} (the bus's health is DEGRADED while that is above zero).
 *
 * <pre>{@code
 * try (EventStore events = JdbcEventStore.sqlite(Path.of("herald.db"));
 *      EventBus bus = EventBus.builder().eventStore(events).build()) {
 *   events.replay(EventQuery.all().correlationId("req-1"), bus::deliver);
 * }
 * }</pre>
 *
 * <p>A store created without a {@link CloudEvents} reads and writes with the contracts of the bus it
 * is given to; use it only after that bus is built. The store holds one connection until it is
 * {@linkplain #close() closed}; the bus never closes it, so close it after the bus.
 */
public final class JdbcEventStore implements EventStore, ContractsAware {

  private static final Logger log = LoggerFactory.getLogger(JdbcEventStore.class);
  private static final String NAME = "JdbcEventStore";
  private static final int SCHEMA_VERSION = 1;
  static final int GROUP_SIZE = 512;
  static final long GROUP_WINDOW_MILLIS = 5;
  private static final int PAGE = 500;

  private final Database database;
  private final BoundContracts contracts;
  private final Durability durability;
  /** Guards the group-commit state below. */
  private final Object lock = new Object();
  private final List<Envelope<?>> queued = new ArrayList<>();
  private final Thread writer;
  private long appended;
  private long committed;
  /** How many callers wait in {@link #flush()}: the writer does not hold their group back. */
  private int flushing;
  private StoreException writerFailure;
  private volatile boolean closed;
  private final AtomicLong skipped = new AtomicLong();

  private JdbcEventStore(Database database, BoundContracts contracts, Durability durability) {
    this.database = database;
    this.contracts = contracts;
    this.durability = durability;
    database.migrate("events", SCHEMA_VERSION,
        "CREATE TABLE IF NOT EXISTS herald_events ("
            + "position " + database.dialect().identityKey() + ", event_id VARCHAR(64) NOT NULL,"
            + " event_type VARCHAR(255) NOT NULL, time VARCHAR(32) NOT NULL,"
            + " correlation_id VARCHAR(255), envelope TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS herald_events_type ON herald_events (event_type)",
        "CREATE INDEX IF NOT EXISTS herald_events_time ON herald_events (time)",
        "CREATE INDEX IF NOT EXISTS herald_events_correlation ON herald_events (correlation_id)");
    if (durability == Durability.GROUP_COMMIT) {
      writer = new Thread(this::writeGroups, "herald-event-store-writer");
      writer.setDaemon(true);
      writer.start();
    } else {
      writer = null;
    }
  }

  /**
   * A log in a SQLite file (WAL mode), created if absent, with per-event durability, for the
   * contracts of the bus it is given to. Several threads and processes may share the file, also
   * with a {@link JdbcDeadLetterStore#sqlite(Path) dead-letter store}.
   */
  public static JdbcEventStore sqlite(Path file) {
    return sqlite(file, Durability.PER_EVENT);
  }

  /** A log in a SQLite file, as {@link #sqlite(Path)}, for these contracts. */
  public static JdbcEventStore sqlite(Path file, CloudEvents contracts) {
    return sqlite(file, Durability.PER_EVENT, contracts);
  }

  /** A log in a SQLite file, created if absent, for the contracts of the bus it is given to. */
  public static JdbcEventStore sqlite(Path file, Durability durability) {
    return sqlite(file, durability, BoundContracts.fromBus(NAME));
  }

  /** A log in a SQLite file, created if absent, for these contracts. */
  public static JdbcEventStore sqlite(Path file, Durability durability, CloudEvents contracts) {
    return sqlite(file, durability, BoundContracts.fixed(NAME, contracts));
  }

  /**
   * A log in the database of {@code dataSource}, for the contracts of the bus it is given to. The
   * store keeps one connection of it and speaks the SQL of the database its metadata names: SQLite
   * (configured by you) or PostgreSQL (bring the driver, {@code org.postgresql:postgresql}).
   */
  public static JdbcEventStore of(DataSource dataSource, Durability durability) {
    return of(dataSource, durability, BoundContracts.fromBus(NAME));
  }

  /** A log in the database of {@code dataSource}, for these contracts. */
  public static JdbcEventStore of(DataSource dataSource, Durability durability,
      CloudEvents contracts) {
    return of(dataSource, durability, BoundContracts.fixed(NAME, contracts));
  }

  private static JdbcEventStore sqlite(Path file, Durability durability,
      BoundContracts contracts) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(durability, "durability");
    return new JdbcEventStore(
        Database.sqlite(file, durability == Durability.PER_EVENT), contracts, durability);
  }

  private static JdbcEventStore of(DataSource dataSource, Durability durability,
      BoundContracts contracts) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(durability, "durability");
    return new JdbcEventStore(Database.of(dataSource), contracts, durability);
  }

  @Override
  public void bindContracts(CloudEvents busContracts) {
    contracts.bind(busContracts);
  }

  @Override
  public void append(Envelope<?> envelope) {
    if (durability == Durability.PER_EVENT) {
      synchronized (database) {
        ensureOpen();
        try {
          insert(List.of(envelope));
        } catch (SQLException e) {
          throw database.failure("append event " + envelope.id() + " (" + envelope.type() + ")",
              e);
        }
      }
      return;
    }
    synchronized (lock) {
      ensureOpen();
      if (writerFailure != null) {
        throw new StoreException("The event store's group commits fail, so event " + envelope.id()
            + " was not accepted: " + writerFailure.getMessage(), writerFailure);
      }
      queued.add(envelope);
      appended++;
      if (queued.size() == 1 || queued.size() == GROUP_SIZE) {
        lock.notifyAll(); // the writer starts a window, or a full group need not wait for it
      }
    }
  }

  /** Inserts {@code envelopes} in one transaction, retrying it while the database is busy. */
  private void insert(List<Envelope<?>> envelopes) throws SQLException {
    List<String> json = new ArrayList<>(envelopes.size());
    for (Envelope<?> envelope : envelopes) {
      json.add(new String(contracts.get().toJson(envelope), StandardCharsets.UTF_8));
    }
    database.retrying("append events", () -> {
      Connection connection = database.connection();
      boolean transaction = envelopes.size() > 1;
      if (transaction) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO herald_events"
          + " (event_id, event_type, time, correlation_id, envelope) VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < envelopes.size(); i++) {
          Envelope<?> envelope = envelopes.get(i);
          insert.setString(1, envelope.id());
          insert.setString(2, envelope.type());
          insert.setString(3, Database.sortable(envelope.time()));
          insert.setString(4, envelope.correlationId());
          insert.setString(5, json.get(i));
          if (transaction) {
            insert.addBatch();
          } else {
            insert.executeUpdate();
          }
        }
        if (transaction) {
          insert.executeBatch();
          connection.commit();
        }
        return null;
      } catch (SQLException | RuntimeException e) {
        if (transaction) {
          database.rollback(e);
        }
        throw e;
      } finally {
        if (transaction) {
          connection.setAutoCommit(true);
        }
      }
    });
  }

  /**
   * The group-commit writer: what arrived within the window, in one transaction. The window closes
   * early when a group is full, someone flushes, or the store closes.
   */
  private void writeGroups() {
    while (true) {
      List<Envelope<?>> group;
      synchronized (lock) {
        while (queued.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (queued.isEmpty()) {
          return; // closed and drained
        }
        long windowEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GROUP_WINDOW_MILLIS);
        long left;
        while (queued.size() < GROUP_SIZE && flushing == 0 && !closed
            && (left = windowEnd - System.nanoTime()) > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        List<Envelope<?>> head = queued.subList(0, Math.min(GROUP_SIZE, queued.size()));
        group = new ArrayList<>(head);
        head.clear();
      }
      StoreException failure = null;
      try {
        synchronized (database) {
          insert(group);
        }
      } catch (SQLException | RuntimeException e) {
        failure = new StoreException("Cannot commit a group of " + group.size() + " events ("
            + group.get(0).id() + " to " + group.get(group.size() - 1).id() + ") in "
            + database.description() + ": " + e.getMessage(), e);
        log.error("Event store group commit failed; these {} events are not stored: {}",
            group.size(), group.stream().map(Envelope::id).toList(), failure);
      }
      synchronized (lock) {
        if (failure != null && writerFailure == null) {
          writerFailure = failure;
        }
        committed += group.size();
        lock.notifyAll();
      }
    }
  }

  @Override
  public void flush() {
    if (durability == Durability.PER_EVENT) {
      return;
    }
    synchronized (lock) {
      long target = appended;
      flushing++;
      lock.notifyAll();
      try {
        while (committed < target) {
          lock.wait(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("Interrupted while flushing the event store on "
            + database.description());
      } finally {
        flushing--;
      }
      if (writerFailure != null) {
        throw writerFailure;
      }
    }
  }

  @Override
  public List<Stored> read(EventQuery query) {
    List<Stored> page = new ArrayList<>(Math.min(query.limit(), PAGE));
    long after = query.afterPosition();
    while (page.size() < query.limit()) {
      List<Row> rows = rows(query, after);
      if (rows.isEmpty()) {
        break;
      }
      for (Row row : rows) {
        after = row.position;
        Envelope<?> envelope = decode(row);
        if (envelope != null && query.matches(envelope)) {
          page.add(new Stored(row.position, envelope));
          if (page.size() == query.limit()) {
            break;
          }
        }
      }
    }
    return page;
  }

  @Override
  public long replay(EventQuery query, Consumer<? super Envelope<?>> listener) {
    long replayed = 0;
    EventQuery next = query;
    while (true) {
      List<Stored> page = read(next);
      for (Stored stored : page) {
        listener.accept(stored.envelope());
      }
      replayed += page.size();
      if (page.size() < next.limit()) {
        return replayed;
      }
      next = next.afterPosition(page.get(page.size() - 1).position());
    }
  }

  @Override
  public long count(EventQuery query) {
    long count = 0;
    long after = query.afterPosition();
    while (true) {
      List<Row> rows = rows(query, after);
      if (rows.isEmpty()) {
        return count;
      }
      for (Row row : rows) {
        after = row.position;
        Envelope<?> envelope = decode(row);
        if (envelope != null && query.matches(envelope)) {
          count++;
        }
      }
    }
  }

  /** A row as read, before decoding. */
  private record Row(long position, String eventId, String json) {}

  /**
   * The next rows after position {@code after} that pass the SQL filters and the exact type
   * pattern; decoding waits until the database is unlocked.
   */
  private List<Row> rows(EventQuery query, long after) {
    Where where = new Where().and("position > ?", after);
    if (query.correlationId() != null) {
      where.and("correlation_id = ?", query.correlationId());
    }
    if (query.from() != null) {
      where.and("time >= ?", Database.sortable(query.from()));
    }
    if (query.until() != null) {
      where.and("time < ?", Database.sortable(query.until()));
    }
    where.typeRange("event_type", query.typePattern());
    String sql = "SELECT position, event_type, event_id, envelope FROM herald_events" + where
        + " ORDER BY position LIMIT " + PAGE;
    synchronized (database) {
      try {
        return database.retrying("read events", () -> {
          List<Row> rows = new ArrayList<>();
          try (PreparedStatement select = database.connection().prepareStatement(sql)) {
            where.bind(select);
            try (ResultSet result = select.executeQuery()) {
              long last = after;
              while (result.next()) {
                last = result.getLong(1);
                String type = result.getString(2);
                if (query.typePattern() == null || EventNames.matches(query.typePattern(), type)) {
                  rows.add(new Row(last, result.getString(3), result.getString(4)));
                }
              }
              if (last > (rows.isEmpty() ? after : rows.get(rows.size() - 1).position)) {
                // The page ends outside the pattern: keep its end so the caller moves past it.
                rows.add(new Row(last, null, null));
              }
            }
          }
          return rows;
        });
      } catch (SQLException e) {
        throw database.failure("read events", e);
      }
    }
  }

  /** The row's event, or null: a placeholder row, or one that cannot be decoded (logged). */
  private Envelope<?> decode(Row row) {
    if (row.json == null) {
      return null;
    }
    try {
      return contracts.get().fromJson(row.json.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) { // EventDecodingException above all
      long count = skipped.incrementAndGet();
      log.error("Skipping the stored event at position {} (event id {}) in {}: it cannot be decoded"
              + " ({}). The other events stay readable. Find it with: SELECT * FROM herald_events"
              + " WHERE position = {}; skipped so far since opened: {} (skippedRows(), health"
              + " DEGRADED).", row.position, row.eventId, database.description(), e.toString(),
          row.position, count);
      return null;
    }
  }

  /**
   * How many rows {@code replay} and {@code count} have skipped since this store was opened
   * because they could not be decoded; each was logged at ERROR with its position.
   */
  @Override
  public long skippedRows() {
    return skipped.get();
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("The event store on " + database.description() + " is closed");
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true; // refuse appends from now on; the writer drains what is queued, then stops
      lock.notifyAll();
    }
    StoreException failure = null;
    if (writer != null) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (lock) {
        if (writer.isAlive()) {
          failure = new StoreException("The event store on " + database.description()
              + " closed before its writer committed " + (appended - committed) + " events");
        } else {
          failure = writerFailure;
        }
      }
    }
    synchronized (database) {
      database.close();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "JdbcEventStore[" + database.description() + ", " + durability + "]";
  }
}
