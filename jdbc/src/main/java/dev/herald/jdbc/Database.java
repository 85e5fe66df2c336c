package dev.herald.jdbc;

import dev.herald.runtime.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One JDBC connection that a store uses for its lifetime, and what every store shares: the
 * {@linkplain Dialect dialect} of its database, the {@code herald_schema} table (one row per store
 * component and its version), retries while another connection is in the way (SQLite's write
 * lock, PostgreSQL's serialization failures), and the text form of instants in indexed columns.
 *
 * <p>Callers synchronize on the {@code Database} around every use of {@link #connection()}: a JDBC
 * connection is one conversation, and SQLite allows one writer per file anyway.
 */
final class Database implements AutoCloseable {

  /** How long SQLite itself waits for another connection's lock before it reports SQLITE_BUSY. */
  static final int BUSY_TIMEOUT_MILLIS = 5_000;
  /** How long a store keeps retrying an operation that SQLite reported busy or locked. */
  private static final long RETRY_FOR_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * Instants in indexed columns: UTC, always nine fraction digits, so that text order is time order
   * (ISO-8601 as {@link Instant#toString()} writes it drops trailing zeros and would not sort).
   */
  private static final DateTimeFormatter SORTABLE_INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  private final Connection connection;
  private final String description;
  private final Dialect dialect;

  private Database(Connection connection, String description, Dialect dialect) {
    this.connection = connection;
    this.description = description;
    this.dialect = dialect;
  }

  /**
   * A SQLite file in WAL mode, so readers never block the writer and several threads and processes
   * may write it: SQLite waits {@value #BUSY_TIMEOUT_MILLIS} ms for another writer's lock and the
   * store retries for 30 s more when that is not enough.
   *
   * @param synchronousFull whether every commit is forced to disk before it returns
   *     ({@code synchronous=FULL}); otherwise {@code NORMAL}: a commit survives a crash of the
   *     process, and one since the last checkpoint may be rolled back by a crash of the machine
   */
  static Database sqlite(Path file, boolean synchronousFull) {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("The SQLite stores need org.xerial:sqlite-jdbc on the class"
          + " path (an optional dependency of herald-runtime); add it to your project", e);
    }
    Path absolute = file.toAbsolutePath();
    Connection connection;
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      connection = DriverManager.getConnection("jdbc:sqlite:" + absolute);
    } catch (SQLException | IOException e) {
      throw new StoreException("Cannot open SQLite file " + absolute + ": " + e.getMessage(), e);
    }
    Database database = new Database(connection, "SQLite file " + absolute, Dialect.SQLITE);
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      }
      // Switching to WAL needs a moment of exclusive access: another process may be doing it too.
      String mode = database.retrying("switch to WAL mode", () -> {
        try (Statement statement = connection.createStatement();
            ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
          return result.next() ? result.getString(1) : "unknown";
        }
      });
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StoreException("SQLite file " + absolute + " refuses WAL mode (it stays in "
            + mode + " mode), which the stores need for several writers; is it on a network file"
            + " system, or opened read-only?");
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA synchronous = " + (synchronousFull ? "FULL" : "NORMAL"));
      }
      return database;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("Cannot prepare SQLite file " + absolute + ": " + e.getMessage(), e);
    }
  }

  /**
   * One connection of {@code dataSource} for the store's lifetime, in the dialect its metadata
   * names. On SQLite the busy timeout is set on it; journal mode and synchronous are the data
   * source's to configure.
   */
  static Database of(DataSource dataSource) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreException("Cannot connect to " + dataSource + ": " + e.getMessage(), e);
    }
    String description = "data source " + dataSource;
    try {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      Dialect dialect = Dialect.of(connection, description);
      if (dialect == Dialect.SQLITE) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
        }
      }
      return new Database(connection, description, dialect);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("Cannot prepare a connection of " + dataSource + ": "
          + e.getMessage(), e);
    }
  }

  Connection connection() {
    return connection;
  }

  String description() {
    return description;
  }

  Dialect dialect() {
    return dialect;
  }

  static String sortable(Instant instant) {
    return SORTABLE_INSTANT.format(instant);
  }

  /** Work on the connection that may fail with an {@link SQLException}. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work}, again after a short random pause whenever the database reports that another
   * connection was in the way (SQLite: SQLITE_BUSY, SQLITE_LOCKED, the busy timeout ran out or a
   * transaction could not be upgraded; PostgreSQL: a serialization failure or deadlock), for up to
   * 30 s. Work that opens a transaction must roll it
   * back before it throws, so that running it again starts afresh.
   */
  <T> T retrying(String what, Work<T> work) throws SQLException {
    long deadline = System.nanoTime() + RETRY_FOR_NANOS;
    int attempt = 0;
    while (true) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (!dialect.isTransient(e) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        attempt++;
        try {
          TimeUnit.MILLISECONDS.sleep(
              ThreadLocalRandom.current().nextLong(1, Math.min(100, 5L << Math.min(attempt, 5))));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          SQLException giveUp = new SQLException("Interrupted while waiting to " + what, e);
          giveUp.addSuppressed(interrupted);
          throw giveUp;
        }
      }
    }
  }

  /**
   * Creates the component's tables on first use, in one transaction, and refuses a schema written
   * by a newer Herald. Version 1 is the first; a later version's statements must bring every
   * earlier one up to it ({@code IF NOT EXISTS} and {@code ADD COLUMN} steps).
   *
   * @param ddl the statements that create version {@code version} of the component's tables, in
   *     this database's {@linkplain #dialect() dialect}
   */
  synchronized void migrate(String component, int version, String... ddl) {
    try {
      retrying("create the " + component + " tables", () -> {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          dialect.lockSchema(connection);
          statement.execute("CREATE TABLE IF NOT EXISTS herald_schema"
              + " (component VARCHAR(64) PRIMARY KEY, version INTEGER NOT NULL)");
          int found = 0;
          try (PreparedStatement select = connection.prepareStatement(
              "SELECT version FROM herald_schema WHERE component = ?")) {
            select.setString(1, component);
            try (ResultSet row = select.executeQuery()) {
              if (row.next()) {
                found = row.getInt(1);
              }
            }
          }
          if (found > version) {
            throw new StoreException("The " + component + " tables in " + description
                + " were written by a newer Herald (schema version " + found + "; this one reads"
                + " up to version " + version + "). Upgrade herald-jdbc to the version that"
                + " wrote them, or point this store at another database");
          }
          if (found < version) {
            for (String sql : ddl) {
              statement.execute(sql);
            }
            try (PreparedStatement write = connection.prepareStatement(found == 0
                ? "INSERT INTO herald_schema (version, component) VALUES (?, ?)"
                : "UPDATE herald_schema SET version = ? WHERE component = ?")) {
              write.setInt(1, version);
              write.setString(2, component);
              write.executeUpdate();
            }
          }
          connection.commit();
          return null;
        } catch (SQLException | RuntimeException e) {
          rollback(e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      });
    } catch (SQLException e) {
      throw new StoreException("Cannot create the " + component + " tables in " + description
          + ": " + e.getMessage(), e);
    }
  }

  /** Rolls back the open transaction after {@code cause}; a failure to do so is added to it. */
  void rollback(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  StoreException failure(String what, SQLException e) {
    return new StoreException("Cannot " + what + " in " + description + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("Cannot close " + description + ": " + e.getMessage(), e);
    }
  }
}
