package dev.herald.jdbc;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.BoundContracts;
import dev.herald.runtime.spi.ContractsAware;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters in a SQL database (SQLite by default). Each row keeps the event as CloudEvents JSON
 * beside indexed columns for the filters (event type, subscriber, last failure; also event id and
 * correlation id, for operators with a SQL prompt) and the error. Subscriber and time filters run in
 * SQL, name patterns as a coarse range in SQL and exactly in Java; rows come back oldest first,
 * streamed from the cursor, so a page never loads more than it returns.
 *
 * <p>Adding a letter whose id is already stored replaces it in place, as the in-memory store does.
 * A row whose event can no longer be decoded is logged at ERROR with its id and skipped by
 * {@code list}, {@code count} and {@code purge}; {@code get} returns empty for it and
 * {@code delete} removes it. Each skip is counted in {@link #skippedRows()} (the bus's health
 * is DEGRADED while that is above zero).
 *
 * <pre>{@code
 * try (DeadLetterStore letters = JdbcDeadLetterStore.sqlite(Path.of("herald.db"));
 *      EventBus bus = EventBus.builder().deadLetters(letters).build()) { ... }
 * }</pre>
 *
 * <p>A store created without a {@link CloudEvents} reads and writes with the contracts of the bus it
 * is given to; use it only after that bus is built. The store holds one connection until it is
 * {@linkplain #close() closed}; the bus never closes it, so close it after the bus.
 */
public final class JdbcDeadLetterStore implements DeadLetterStore, ContractsAware {

  private static final Logger log = LoggerFactory.getLogger(JdbcDeadLetterStore.class);
  private static final String NAME = "JdbcDeadLetterStore";
  private static final int SCHEMA_VERSION = 1;
  /** Stack traces longer than this many characters are cut, with a note saying so. */
  static final int MAX_STACK_TRACE = 16 * 1024;
  /** Error messages longer than this many characters are cut, with a note saying so. */
  static final int MAX_ERROR_MESSAGE = 4 * 1024;
  private static final int DELETE_BATCH = 500;
  private static final String COLUMNS = "id, event_type, subscriber, reason, error_type,"
      + " error_message, stack_trace, attempts, first_failure, last_failure, envelope";

  private final Database database;
  private final BoundContracts contracts;
  private final AtomicLong skipped = new AtomicLong();

  private JdbcDeadLetterStore(Database database, BoundContracts contracts) {
    this.database = database;
    this.contracts = contracts;
    database.migrate("dead_letters", SCHEMA_VERSION,
        "CREATE TABLE IF NOT EXISTS herald_dead_letters ("
            + "seq " + database.dialect().identityKey() + ", id VARCHAR(64) NOT NULL UNIQUE,"
            + " event_id VARCHAR(64) NOT NULL, event_type VARCHAR(255) NOT NULL,"
            + " correlation_id VARCHAR(255), subscriber VARCHAR(255) NOT NULL,"
            + " reason VARCHAR(32) NOT NULL, error_type VARCHAR(255), error_message TEXT,"
            + " stack_trace TEXT, attempts INTEGER NOT NULL, first_failure VARCHAR(32) NOT NULL,"
            + " last_failure VARCHAR(32) NOT NULL, envelope TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS herald_dead_letters_type ON herald_dead_letters (event_type)",
        "CREATE INDEX IF NOT EXISTS herald_dead_letters_subscriber"
            + " ON herald_dead_letters (subscriber)",
        "CREATE INDEX IF NOT EXISTS herald_dead_letters_last_failure"
            + " ON herald_dead_letters (last_failure)",
        "CREATE INDEX IF NOT EXISTS herald_dead_letters_correlation"
            + " ON herald_dead_letters (correlation_id)");
  }

  /**
   * A durable store in a SQLite file (WAL mode), created if absent, for the contracts of the bus it
   * is given to. Several threads and processes may share the file, also with a
   * {@link JdbcEventStore#sqlite(Path) event store}.
   */
  public static JdbcDeadLetterStore sqlite(Path file) {
    Objects.requireNonNull(file, "file");
    return new JdbcDeadLetterStore(Database.sqlite(file, true), BoundContracts.fromBus(NAME));
  }

  /** A durable store in a SQLite file, as {@link #sqlite(Path)}, for these contracts. */
  public static JdbcDeadLetterStore sqlite(Path file, CloudEvents contracts) {
    Objects.requireNonNull(file, "file");
    return new JdbcDeadLetterStore(Database.sqlite(file, true), BoundContracts.fixed(NAME, contracts));
  }

  /**
   * A durable store in the database of {@code dataSource}, for the contracts of the bus it is given
   * to. The store keeps one connection of it and speaks the SQL of the database its metadata
   * names: SQLite (configured by you) or PostgreSQL (bring the driver, {@code
   * org.postgresql:postgresql}).
   */
  public static JdbcDeadLetterStore of(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcDeadLetterStore(Database.of(dataSource), BoundContracts.fromBus(NAME));
  }

  /** A durable store in the database of {@code dataSource}, for these contracts. */
  public static JdbcDeadLetterStore of(DataSource dataSource, CloudEvents contracts) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcDeadLetterStore(Database.of(dataSource), BoundContracts.fixed(NAME, contracts));
  }

  @Override
  public void bindContracts(CloudEvents busContracts) {
    contracts.bind(busContracts);
  }

  @Override
  public void add(DeadLetter letter) {
    Envelope<?> envelope = letter.envelope();
    String json = new String(contracts.get().toJson(envelope), StandardCharsets.UTF_8);
    String message = bounded(letter.errorMessage(), MAX_ERROR_MESSAGE);
    String trace = bounded(letter.stackTrace(), MAX_STACK_TRACE);
    synchronized (database) {
      try {
        database.retrying("store dead letter " + letter.id(), () -> {
          try (PreparedStatement upsert = connection().prepareStatement(
              "INSERT INTO herald_dead_letters (id, event_id, event_type, correlation_id,"
                  + " subscriber, reason, error_type, error_message, stack_trace, attempts,"
                  + " first_failure, last_failure, envelope)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id,"
                  + " event_type = excluded.event_type, correlation_id = excluded.correlation_id,"
                  + " subscriber = excluded.subscriber, reason = excluded.reason,"
                  + " error_type = excluded.error_type, error_message = excluded.error_message,"
                  + " stack_trace = excluded.stack_trace, attempts = excluded.attempts,"
                  + " first_failure = excluded.first_failure,"
                  + " last_failure = excluded.last_failure, envelope = excluded.envelope")) {
            upsert.setString(1, letter.id());
            upsert.setString(2, envelope.id());
            upsert.setString(3, envelope.type());
            upsert.setString(4, envelope.correlationId());
            upsert.setString(5, letter.subscriber());
            upsert.setString(6, letter.reason().name());
            upsert.setString(7, letter.errorType());
            upsert.setString(8, message);
            upsert.setString(9, trace);
            upsert.setInt(10, letter.attempts());
            upsert.setString(11, Database.sortable(letter.firstFailure()));
            upsert.setString(12, Database.sortable(letter.lastFailure()));
            upsert.setString(13, json);
            return upsert.executeUpdate();
          }
        });
      } catch (SQLException e) {
        throw database.failure("store dead letter " + letter.id() + " of event " + envelope.id()
            + " (" + envelope.type() + ") for " + letter.subscriber(), e);
      }
    }
  }

  private static String bounded(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, cut) + "\n\t... (" + (text.length() - cut) + " more characters cut)";
  }

  @Override
  public List<DeadLetter> list(DeadLetterQuery query) {
    DeadLetterQuery.Page page = query.newPage();
    scan(query, page::offer);
    return page.letters();
  }

  @Override
  public Optional<DeadLetter> get(String id) {
    synchronized (database) {
      try {
        return database.retrying("read dead letter " + id, () -> {
          try (PreparedStatement select = connection().prepareStatement(
              "SELECT " + COLUMNS + " FROM herald_dead_letters WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.ofNullable(decode(row)) : Optional.<DeadLetter>empty();
            }
          }
        });
      } catch (SQLException e) {
        throw database.failure("read dead letter " + id, e);
      }
    }
  }

  @Override
  public boolean delete(String id) {
    return deleteAll(List.of(id)) > 0;
  }

  @Override
  public int purge(DeadLetterQuery query) {
    List<String> ids = new ArrayList<>();
    scan(query, letter -> ids.add(letter.id()));
    return deleteAll(ids);
  }

  /** Deletes these letters in one transaction per {@value #DELETE_BATCH}; returns how many. */
  private int deleteAll(List<String> ids) {
    int deleted = 0;
    for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH));
      synchronized (database) {
        try {
          deleted += database.retrying("delete dead letters", () -> {
            Connection connection = connection();
            connection.setAutoCommit(false);
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM herald_dead_letters WHERE id = ?")) {
              for (String id : batch) {
                delete.setString(1, id);
                delete.addBatch();
              }
              int count = 0;
              for (int rows : delete.executeBatch()) {
                count += Math.max(rows, 0);
              }
              connection.commit();
              return count;
            } catch (SQLException | RuntimeException e) {
              database.rollback(e);
              throw e;
            } finally {
              connection.setAutoCommit(true);
            }
          });
        } catch (SQLException e) {
          throw database.failure("delete dead letters " + batch.get(0) + "…", e);
        }
      }
    }
    return deleted;
  }

  @Override
  public long count(DeadLetterQuery query) {
    long[] count = {0};
    scan(query, letter -> ++count[0] > 0);
    return count[0];
  }

  /**
   * Feeds the letters matching the query's filters (paging aside), oldest first, to {@code sink}
   * while it returns true. The sink runs with the database locked: it must only collect.
   */
  private void scan(DeadLetterQuery query, Predicate<DeadLetter> sink) {
    Where where = new Where();
    if (query.subscriber() != null) {
      where.and("subscriber = ?", query.subscriber());
    }
    if (query.since() != null) {
      where.and("last_failure >= ?", Database.sortable(query.since()));
    }
    where.typeRange("event_type", query.typePattern());
    String sql = "SELECT " + COLUMNS + " FROM herald_dead_letters" + where + " ORDER BY seq";
    synchronized (database) {
      try {
        boolean[] fed = {false};
        database.retrying("list dead letters", () -> {
          try (PreparedStatement select = connection().prepareStatement(sql)) {
            where.bind(select);
            try (ResultSet rows = select.executeQuery()) {
              while (nextRow(rows, fed[0])) {
                if (!query.matchesType(rows.getString("event_type"))) {
                  continue; // outside the pattern: not even decoded
                }
                DeadLetter letter = decode(rows);
                if (letter != null && query.matches(letter)) {
                  fed[0] = true;
                  if (!sink.test(letter)) {
                    break;
                  }
                }
              }
            }
          }
          return null;
        });
      } catch (SQLException e) {
        throw database.failure("list dead letters", e);
      }
    }
  }

  /**
   * The cursor's next row. Once letters went to the sink, a failure is final: retrying the scan
   * would hand them over twice.
   */
  private boolean nextRow(ResultSet rows, boolean fed) throws SQLException {
    if (!fed) {
      return rows.next();
    }
    try {
      return rows.next();
    } catch (SQLException e) {
      throw database.failure("list dead letters", e);
    }
  }

  /** The letter of the current row, or null (logged) when the row cannot be read back. */
  private DeadLetter decode(ResultSet row) throws SQLException {
    String id = row.getString("id");
    try {
      String json = row.getString("envelope");
      if (json == null) {
        throw new IllegalArgumentException("the envelope column is empty");
      }
      Envelope<?> envelope = contracts.get().fromJson(json.getBytes(StandardCharsets.UTF_8));
      return new DeadLetter(id, envelope, row.getString("subscriber"),
          DeadLetter.Reason.valueOf(row.getString("reason")), row.getString("error_type"),
          row.getString("error_message"), row.getString("stack_trace"), row.getInt("attempts"),
          Instant.parse(row.getString("first_failure")),
          Instant.parse(row.getString("last_failure")));
    } catch (RuntimeException e) { // EventDecodingException, a bad enum or time, a missing value
      long count = skipped.incrementAndGet();
      log.error("Skipping dead letter {} in {}: it cannot be read back ({}). The other letters stay"
              + " readable; inspect the row (SELECT * FROM herald_dead_letters WHERE id = '{}'),"
              + " then delete it by its id. Skipped so far since opened: {} (skippedRows(),"
              + " health DEGRADED).", id, database.description(), e.toString(), id, count);
      return null;
    }
  }

  /**
   * How many rows {@code list} has skipped since this store was opened because they could not be
   * read back; each was logged at ERROR with its id.
   */
  @Override
  public long skippedRows() {
    return skipped.get();
  }

  private Connection connection() {
    return database.connection();
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
