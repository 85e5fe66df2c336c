package dev.herald.sample.hotel;

import dev.herald.jdbc.Outbox;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The task boards' table in the concierge's SQLite file, written together with the board's
 * {@code task:*} events through the transactional outbox: a task's row and its event commit in one
 * transaction, or neither does. Right after each commit the ledger relays the outbox on the
 * calling thread, so the board's listeners hear the event where they would have heard a plain
 * {@code bus.publish}, and the simulated day stays the same for a seed; an entry left by a crash is
 * relayed by the next commit.
 */
public final class TaskLedger implements AutoCloseable {

  private final Connection connection;
  private final Outbox outbox;
  private final Clock clock;

  /** Opens the {@code tasks} table and the outbox in {@code database}, relaying to {@code bus}. */
  public TaskLedger(Path database, EventBus bus, Clock clock) {
    this.clock = clock;
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // survives a crash of the process
    config.setBusyTimeout(10_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + database.toAbsolutePath());
    try {
      connection = source.getConnection();
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS tasks (task_id VARCHAR(128) PRIMARY KEY,"
            + " hotel VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, assignee VARCHAR(64),"
            + " priority VARCHAR(16), updated_at VARCHAR(40) NOT NULL)");
      }
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open the task ledger in " + database + ": "
          + e.getMessage(), e);
    }
    outbox = Outbox.builder(source, bus).clock(clock).relay(false).build();
  }

  /**
   * Writes a task's row ({@code null} columns keep their value) and publishes {@code event} with
   * {@code metadata} in one transaction, then relays it.
   */
  public void record(String hotel, String taskId, String state, String assignee,
      Priority priority, Record event, Metadata metadata) {
    synchronized (this) {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO tasks"
          + " (task_id, hotel, state, assignee, priority, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (task_id) DO UPDATE SET state = excluded.state,"
          + " assignee = COALESCE(excluded.assignee, tasks.assignee),"
          + " priority = COALESCE(excluded.priority, tasks.priority),"
          + " updated_at = excluded.updated_at")) {
        upsert.setString(1, taskId);
        upsert.setString(2, hotel);
        upsert.setString(3, state);
        upsert.setString(4, assignee);
        upsert.setString(5, priority == null ? null : priority.name());
        upsert.setString(6, clock.instant().toString());
        upsert.executeUpdate();
        outbox.publish(connection, event, metadata);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new IllegalStateException("Task " + taskId + " and its " + event.getClass()
            .getSimpleName() + " were rolled back: " + e.getMessage(), e);
      }
    }
    outbox.relayNow();
  }

  /** The outbox, for its figures. */
  public Outbox outbox() {
    return outbox;
  }

  /** Closes the outbox, then the ledger's connection; close it after the bus. */
  @Override
  public synchronized void close() {
    outbox.close();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close the task ledger: " + e.getMessage(), e);
    }
  }
}
