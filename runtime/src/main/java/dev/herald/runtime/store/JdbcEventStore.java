package dev.herald.runtime.store;

import dev.herald.runtime.CloudEvents;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventQuery;
import dev.herald.runtime.EventStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only event log in a SQL database (SQLite by default): one row per event with its
 * CloudEvents JSON, in append order. With {@link EventStore.Durability#PER_EVENT} every append is
 * its own committed transaction before it returns; with {@link EventStore.Durability#GROUP_COMMIT} a
 * writer thread commits what arrived within a few milliseconds in one transaction, and
 * {@code append} returns at once.
 */
public final class JdbcEventStore implements EventStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcEventStore.class);
  private static final int SCHEMA_VERSION = 1;
  private static final int GROUP_SIZE = 512;
  private static final long GROUP_WINDOW_MILLIS = 5;
  private static final int PAGE = 500;

  private final Database database;
  private final CloudEvents wire;
  private final Durability durability;
  private final List<Envelope<?>> queued = new ArrayList<>();
  private final Thread writer;
  private long appended;
  private long committed;
  private StoreException writerFailure;
  private boolean closed;

  JdbcEventStore(Database database, CloudEvents wire, Durability durability) {
    this.database = database;
    this.wire = wire;
    this.durability = durability;
    database.migrate("events", SCHEMA_VERSION,
        "CREATE TABLE IF NOT EXISTS herald_events ("
            + "position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL,"
            + " event_type TEXT NOT NULL, time TEXT NOT NULL, correlation_id TEXT,"
            + " envelope TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS herald_events_correlation ON herald_events (correlation_id)",
        "CREATE INDEX IF NOT EXISTS herald_events_type ON herald_events (event_type)");
    if (durability == Durability.GROUP_COMMIT) {
      writer = new Thread(this::writeGroups, "herald-event-store-writer");
      writer.setDaemon(true);
      writer.start();
    } else {
      writer = null;
    }
  }

  @Override
  public void append(Envelope<?> envelope) {
    if (durability == Durability.PER_EVENT) {
      synchronized (database) {
        ensureOpen();
        try {
          insert(List.of(envelope));
        } catch (SQLException e) {
          throw failure("append event " + envelope.id(), e);
        }
      }
      return;
    }
    synchronized (queued) {
      ensureOpen();
      if (writerFailure != null) {
        throw new StoreException("The event store's group commits fail, so " + envelope.id()
            + " was not accepted: " + writerFailure.getMessage(), writerFailure);
      }
      queued.add(envelope);
      appended++;
      queued.notifyAll();
    }
  }

  private void insert(List<Envelope<?>> envelopes) throws SQLException {
    Connection connection = database.connection();
    boolean batch = envelopes.size() > 1;
    if (batch) {
      connection.setAutoCommit(false);
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO herald_events"
        + " (event_id, event_type, time, correlation_id, envelope) VALUES (?, ?, ?, ?, ?)")) {
      for (Envelope<?> envelope : envelopes) {
        insert.setString(1, envelope.id());
        insert.setString(2, envelope.type());
        insert.setString(3, envelope.time().toString());
        insert.setString(4, envelope.correlationId());
        insert.setString(5, new String(wire.toJson(envelope), StandardCharsets.UTF_8));
        insert.addBatch();
      }
      insert.executeBatch();
      if (batch) {
        connection.commit();
      }
    } catch (SQLException e) {
      if (batch) {
        connection.rollback();
      }
      throw e;
    } finally {
      if (batch) {
        connection.setAutoCommit(true);
      }
    }
  }

  /** The group-commit writer: whatever arrived within the window, in one transaction. */
  private void writeGroups() {
    while (true) {
      List<Envelope<?>> group;
      synchronized (queued) {
        while (queued.isEmpty() && !closed) {
          try {
            queued.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (queued.isEmpty()) {
          return;
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(GROUP_WINDOW_MILLIS); // let a group gather
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (queued) {
        group = new ArrayList<>(queued.subList(0, Math.min(GROUP_SIZE, queued.size())));
        queued.subList(0, group.size()).clear();
      }
      try {
        synchronized (database) {
          insert(group);
        }
        synchronized (queued) {
          committed += group.size();
          queued.notifyAll();
        }
      } catch (SQLException e) {
        StoreException failure = failure("commit " + group.size() + " events (first "
            + group.get(0).id() + ")", e);
        log.error("Event store group commit failed; {} events were not stored", group.size(),
            failure);
        synchronized (queued) {
          writerFailure = failure;
          committed += group.size();
          queued.notifyAll();
        }
      }
    }
  }

  @Override
  public void flush() {
    if (durability == Durability.PER_EVENT) {
      return;
    }
    synchronized (queued) {
      long target = appended;
      while (committed < target) {
        try {
          queued.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("Interrupted while flushing the event store");
        }
      }
      if (writerFailure != null) {
        throw writerFailure;
      }
    }
  }

  @Override
  public List<Stored> read(EventQuery query) {
    List<Stored> page = new ArrayList<>();
    long after = query.afterPosition();
    while (page.size() < query.limit()) {
      List<Stored> rows = rows(query, after);
      if (rows.isEmpty()) {
        break;
      }
      for (Stored row : rows) {
        after = row.position();
        if (row.envelope() != null && query.matches(row.envelope())) {
          page.add(row);
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
      List<Stored> rows = rows(query, after);
      if (rows.isEmpty()) {
        return count;
      }
      for (Stored row : rows) {
        after = row.position();
        if (row.envelope() != null && query.matches(row.envelope())) {
          count++;
        }
      }
    }
  }

  /** The next rows after {@code after}; an undecodable row comes back with a null envelope. */
  private List<Stored> rows(EventQuery query, long after) {
    String sql = "SELECT position, envelope FROM herald_events WHERE position > ?"
        + (query.correlationId() != null ? " AND correlation_id = ?" : "")
        + " ORDER BY position LIMIT " + PAGE;
    List<Stored> rows = new ArrayList<>();
    synchronized (database) {
      try (PreparedStatement select = database.connection().prepareStatement(sql)) {
        select.setLong(1, after);
        if (query.correlationId() != null) {
          select.setString(2, query.correlationId());
        }
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            long position = result.getLong(1);
            rows.add(new Stored(position, decode(position, result.getString(2))));
          }
        }
      } catch (SQLException e) {
        throw failure("read events", e);
      }
    }
    return rows;
  }

  private Envelope<?> decode(long position, String json) {
    try {
      return wire.fromJson(json.getBytes(StandardCharsets.UTF_8));
    } catch (EventDecodingException | IllegalArgumentException | NullPointerException e) {
      log.error("Skipping stored event at position {} in {}: it cannot be decoded: {}", position,
          database.description(), e.getMessage());
      return null;
    }
  }

  /** How many rows the log holds, decodable or not. */
  long rowCount() {
    synchronized (database) {
      try (Statement statement = database.connection().createStatement();
          ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM herald_events")) {
        result.next();
        return result.getLong(1);
      } catch (SQLException e) {
        throw failure("count events", e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("The event store on " + database.description() + " is closed");
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException("Cannot " + what + " in " + database.description() + ": "
        + e.getMessage(), e);
  }

  @Override
  public void close() {
    flush();
    synchronized (queued) {
      if (closed) {
        return;
      }
      closed = true;
      queued.notifyAll();
    }
    if (writer != null) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    database.close();
  }

  @Override
  public String toString() {
    return "JdbcEventStore[" + database.description() + ", " + durability + "]";
  }
}
