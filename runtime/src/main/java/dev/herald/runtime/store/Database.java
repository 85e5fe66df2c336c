package dev.herald.runtime.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One JDBC connection that a store uses for its lifetime, and the schema bookkeeping every store
 * shares: a {@code herald_schema} table with one row per store component and its version.
 */
final class Database implements AutoCloseable {

  private final Connection connection;
  private final String description;

  private Database(Connection connection, String description) {
    this.connection = connection;
    this.description = description;
  }

  /**
   * A SQLite file in WAL mode, so readers never block the writer; several threads and processes may
   * write it, waiting up to ten seconds for each other's transactions.
   *
   * @param synchronousFull whether every commit is forced to disk before it returns
   */
  static Database sqlite(Path file, boolean synchronousFull) {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("The SQLite stores need org.xerial:sqlite-jdbc on the class"
          + " path (an optional dependency of herald-runtime); add it to your project", e);
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 10000");
        statement.execute("PRAGMA journal_mode = WAL");
        statement.execute("PRAGMA synchronous = " + (synchronousFull ? "FULL" : "NORMAL"));
      }
      return new Database(connection, "SQLite file " + file.toAbsolutePath());
    } catch (SQLException | java.io.IOException e) {
      throw new StoreException("Cannot open SQLite file " + file.toAbsolutePath() + ": "
          + e.getMessage(), e);
    }
  }

  static Database of(DataSource dataSource) {
    try {
      return new Database(dataSource.getConnection(), "data source " + dataSource);
    } catch (SQLException e) {
      throw new StoreException("Cannot connect to " + dataSource + ": " + e.getMessage(), e);
    }
  }

  Connection connection() {
    return connection;
  }

  String description() {
    return description;
  }

  /**
   * Creates the component's tables on first use and refuses a schema written by a newer Herald.
   *
   * @param ddl the statements that create version {@code version} of the component's tables
   */
  synchronized void migrate(String component, int version, String... ddl) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS herald_schema"
          + " (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
      int found = 0;
      try (PreparedStatement select =
          connection.prepareStatement("SELECT version FROM herald_schema WHERE component = ?")) {
        select.setString(1, component);
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            found = row.getInt(1);
          }
        }
      }
      if (found > version) {
        throw new StoreException("The " + component + " tables in " + description
            + " were written by a newer Herald (schema version " + found + "; this one reads up to"
            + " version " + version + "). Upgrade herald-runtime, or point this store at another"
            + " database");
      }
      if (found == version) {
        return;
      }
      for (String sql : ddl) {
        statement.execute(sql);
      }
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT INTO herald_schema (component, version) VALUES (?, ?)"
              + " ON CONFLICT (component) DO UPDATE SET version = excluded.version")) {
        upsert.setString(1, component);
        upsert.setInt(2, version);
        upsert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot create the " + component + " tables in " + description
          + ": " + e.getMessage(), e);
    }
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
