package dev.herald.runtime.store;

import dev.herald.runtime.CloudEvents;
import dev.herald.runtime.DeadLetter;
import dev.herald.runtime.DeadLetterQuery;
import dev.herald.runtime.DeadLetterStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters in a SQL database (SQLite by default). Each row keeps the event as CloudEvents JSON
 * beside the subscriber, the reason, the error and the attempt times. Filters run in SQL where they
 * can and in Java for name patterns; rows are returned oldest first.
 */
public final class JdbcDeadLetterStore implements DeadLetterStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JdbcDeadLetterStore.class);
  private static final int SCHEMA_VERSION = 1;
  private static final int MAX_STACK_TRACE = 16 * 1024;
  private static final String COLUMNS = "id, subscriber, reason, error_type, error_message,"
      + " stack_trace, attempts, first_failure, last_failure, envelope";

  private final Database database;
  private final CloudEvents wire;

  JdbcDeadLetterStore(Database database, CloudEvents wire) {
    this.database = database;
    this.wire = wire;
    database.migrate("dead_letters", SCHEMA_VERSION,
        "CREATE TABLE IF NOT EXISTS herald_dead_letters ("
            + "seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
            + " event_id TEXT NOT NULL, event_type TEXT NOT NULL, subscriber TEXT NOT NULL,"
            + " reason TEXT NOT NULL, error_type TEXT, error_message TEXT, stack_trace TEXT,"
            + " attempts INTEGER NOT NULL, first_failure TEXT NOT NULL,"
            + " last_failure TEXT NOT NULL, envelope TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS herald_dead_letters_subscriber"
            + " ON herald_dead_letters (subscriber)",
        "CREATE INDEX IF NOT EXISTS herald_dead_letters_type ON herald_dead_letters (event_type)");
  }

  @Override
  public void add(DeadLetter letter) {
    String trace = letter.stackTrace();
    if (trace != null && trace.length() > MAX_STACK_TRACE) {
      trace = trace.substring(0, MAX_STACK_TRACE) + "\n\t... (truncated)";
    }
    String envelope = new String(wire.toJson(letter.envelope()), StandardCharsets.UTF_8);
    synchronized (database) {
      try (PreparedStatement insert = connection().prepareStatement(
          "INSERT INTO herald_dead_letters (id, event_id, event_type, subscriber, reason,"
              + " error_type, error_message, stack_trace, attempts, first_failure, last_failure,"
              + " envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, letter.id());
        insert.setString(2, letter.envelope().id());
        insert.setString(3, letter.envelope().type());
        insert.setString(4, letter.subscriber());
        insert.setString(5, letter.reason().name());
        insert.setString(6, letter.errorType());
        insert.setString(7, letter.errorMessage());
        insert.setString(8, trace);
        insert.setInt(9, letter.attempts());
        insert.setString(10, letter.firstFailure().toString());
        insert.setString(11, letter.lastFailure().toString());
        insert.setString(12, envelope);
        insert.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("Cannot store dead letter " + letter.id() + " of event "
            + letter.envelope().id() + " in " + database.description() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<DeadLetter> list(DeadLetterQuery query) {
    List<DeadLetter> page = new ArrayList<>();
    int[] skipped = {0};
    scan(query, letter -> {
      if (skipped[0]++ < query.offset()) {
        return true;
      }
      page.add(letter);
      return page.size() < query.limit();
    });
    return page;
  }

  @Override
  public Optional<DeadLetter> get(String id) {
    synchronized (database) {
      try (PreparedStatement select = connection().prepareStatement(
          "SELECT " + COLUMNS + " FROM herald_dead_letters WHERE id = ?")) {
        select.setString(1, id);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.ofNullable(decode(row)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw failure("read dead letter " + id, e);
      }
    }
  }

  @Override
  public boolean delete(String id) {
    synchronized (database) {
      try (PreparedStatement delete =
          connection().prepareStatement("DELETE FROM herald_dead_letters WHERE id = ?")) {
        delete.setString(1, id);
        return delete.executeUpdate() > 0;
      } catch (SQLException e) {
        throw failure("delete dead letter " + id, e);
      }
    }
  }

  @Override
  public int purge(DeadLetterQuery query) {
    List<String> ids = new ArrayList<>();
    scan(query.offset(0), letter -> ids.add(letter.id()));
    int purged = 0;
    for (String id : ids) {
      purged += delete(id) ? 1 : 0;
    }
    return purged;
  }

  @Override
  public long count(DeadLetterQuery query) {
    long[] count = {0};
    scan(query, letter -> ++count[0] > 0);
    return count[0];
  }

  /** Feeds matching letters, oldest first, to {@code sink} while it returns true. */
  private void scan(DeadLetterQuery query, Predicate<DeadLetter> sink) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM herald_dead_letters");
    List<String> parameters = new ArrayList<>();
    if (query.subscriber() != null) {
      sql.append(" WHERE subscriber = ?");
      parameters.add(query.subscriber());
    }
    sql.append(" ORDER BY seq");
    List<DeadLetter> matches = new ArrayList<>();
    synchronized (database) {
      try (PreparedStatement select = connection().prepareStatement(sql.toString())) {
        for (int i = 0; i < parameters.size(); i++) {
          select.setString(i + 1, parameters.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            DeadLetter letter = decode(rows);
            if (letter != null && query.matches(letter)) {
              matches.add(letter);
            }
          }
        }
      } catch (SQLException e) {
        throw failure("list dead letters", e);
      }
    }
    for (DeadLetter letter : matches) {
      if (!sink.test(letter)) {
        return;
      }
    }
  }

  /** The letter of the current row, or null (logged) when its event cannot be decoded. */
  private DeadLetter decode(ResultSet row) throws SQLException {
    String id = row.getString("id");
    Envelope<?> envelope;
    try {
      envelope = wire.fromJson(row.getString("envelope").getBytes(StandardCharsets.UTF_8));
    } catch (EventDecodingException | IllegalArgumentException e) {
      log.error("Skipping dead letter {} in {}: its event cannot be decoded: {}", id,
          database.description(), e.getMessage());
      return null;
    }
    return new DeadLetter(id, envelope, row.getString("subscriber"),
        DeadLetter.Reason.valueOf(row.getString("reason")), row.getString("error_type"),
        row.getString("error_message"), row.getString("stack_trace"), row.getInt("attempts"),
        Instant.parse(row.getString("first_failure")), Instant.parse(row.getString("last_failure")));
  }

  private Connection connection() {
    return database.connection();
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException("Cannot " + what + " in " + database.description() + ": "
        + e.getMessage(), e);
  }

  @Override
  public void close() {
    database.close();
  }

  @Override
  public String toString() {
    return "JdbcDeadLetterStore[" + database.description() + "]";
  }
}
