package dev.herald.jdbc;

import dev.herald.testservers.PostgresServer;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The databases the tests run on: a SQLite file in a test's temporary directory, and a fresh
 * database on one PostgreSQL server per test JVM, started on first use and stopped (its files
 * deleted) when the JVM exits.
 */
enum Databases {
  SQLITE {
    @Override
    DataSource create(Path directory) {
      return sqlite(directory.resolve("herald.db"));
    }
  },
  POSTGRESQL {
    @Override
    DataSource create(Path directory) throws Exception {
      return server().newDatabase();
    }
  };

  private static PostgresServer server;

  /** A new, empty database of this kind. */
  abstract DataSource create(Path directory) throws Exception;

  /** A data source of a SQLite file in WAL mode that waits for another writer's lock. */
  static DataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return source;
  }

  /** The JVM's PostgreSQL server, started on first use. */
  static synchronized PostgresServer server() throws Exception {
    if (server == null) {
      PostgresServer started = PostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-stop"));
      server = started;
    }
    return server;
  }
}
