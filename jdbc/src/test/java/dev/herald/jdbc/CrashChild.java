package dev.herald.jdbc;

import dev.herald.jdbc.contracts.EventMap;
import dev.herald.jdbc.contracts.Note;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The process {@link OutboxCrashTest} kills: in a loop, one transaction inserts a business row and
 * publishes its event through the outbox, and commits (three in four) or rolls back; a listener
 * records every delivered event in the {@code delivered} table before the relay completes it. It
 * prints READY once the outbox is up, and runs until it is killed.
 *
 * <p>Arguments: the database ({@code jdbc:sqlite:<file>} or a PostgreSQL URL), the round (the
 * business ids of round r start at r * 1,000,000).
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    DataSource source = dataSource(args[0]);
    long first = Long.parseLong(args[1]) * 1_000_000;
    try (EventBus bus = EventBus.builder().source("crash-child").build();
        Recorder recorder = new Recorder(source)) {
      recorder.listen(bus);
      Outbox outbox = Outbox.builder(source, bus).lease(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(50)).build();
      System.out.println("READY");
      System.out.flush();
      try (Connection connection = source.getConnection()) {
        connection.setAutoCommit(false);
        for (long id = first; ; id++) {
          OutboxTest.Business.insert(connection, id);
          outbox.publish(connection, new Note(id, "business row " + id));
          if (id % 4 == 3) {
            connection.rollback();
          } else {
            connection.commit();
          }
        }
      }
    }
  }

  static DataSource dataSource(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return Databases.sqlite(java.nio.file.Path.of(url.substring("jdbc:sqlite:".length())));
    }
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url);
    return source;
  }

  /** Records each delivered event (its id and business row) with a commit of its own. */
  static final class Recorder implements AutoCloseable {
    private final Connection connection;

    Recorder(DataSource source) throws SQLException {
      this.connection = source.getConnection();
    }

    static void createTable(DataSource source) throws SQLException {
      JdbcStoresOnBothDatabasesTest.execute(source, "CREATE TABLE IF NOT EXISTS delivered"
          + " (event_id VARCHAR(64) NOT NULL, business_id BIGINT NOT NULL)");
    }

    void listen(EventBus bus) {
      bus.subscribeEnvelopes(EventMap.NOTE_ADDED, envelope -> record(envelope.id(),
          envelope.payload().number()), SubscribeOptions.defaults());
    }

    synchronized void record(String eventId, long businessId) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO delivered (event_id, business_id) VALUES (?, ?)")) {
        insert.setString(1, eventId);
        insert.setLong(2, businessId);
        insert.executeUpdate();
      } catch (SQLException e) {
        // The listener must not fail: the bus would dead-letter, and the test count a loss.
        throw new IllegalStateException("Cannot record delivery of " + eventId, e);
      }
    }

    @Override
    public synchronized void close() throws SQLException {
      connection.close();
    }
  }
}
