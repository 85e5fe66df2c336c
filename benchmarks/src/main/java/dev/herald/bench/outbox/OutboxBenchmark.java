package dev.herald.bench.outbox;

import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.jdbc.Outbox;
import dev.herald.jdbc.OutboxCompletion;
import dev.herald.testservers.PostgresServer;
import dev.herald.runtime.EventBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * What the transactional outbox costs, on a SQLite file (WAL, synchronous=NORMAL) and on a real
 * PostgreSQL (started by {@link PostgresServer} in a temporary directory, fsync off, unless
 * {@code -Dbench.postgres.url=jdbc:postgresql://...} names one):
 *
 * <ul>
 *   <li>{@code businessRow}: a transaction that inserts one business row and commits;
 *   <li>{@code businessRowWithOutbox}: the same transaction with {@code outbox.publish} in it, the
 *       cost a user pays per event;
 *   <li>{@code plainInsertOfTheEntry}: a transaction that inserts the very row the outbox writes
 *       (same columns, same JSON) with plain JDBC;
 *   <li>{@code outboxPublish}: {@code outbox.publish} alone in its transaction, the same row through
 *       Herald (envelope, id, CloudEvents JSON);
 *   <li>{@code relay}: entries relayed per second, 1,000 committed beforehand, each delivered to a
 *       SYNC listener and deleted in batches of 100.
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OutboxBenchmark {

  private static final int RELAY_BATCH = 1_000;

  @Param({"sqlite", "postgresql"})
  public String database;

  private Path directory;
  private PostgresServer server;
  private DataSource source;
  private Connection connection;
  private EventBus bus;
  private Outbox outbox;
  private OrderPlaced payload;
  private String entryJson;
  private long next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("herald-outbox-bench");
    source = "sqlite".equals(database) ? sqlite(directory.resolve("outbox.db")) : postgres();
    bus = EventBus.builder().source("bench").build();
    bus.subscribe("#", envelope -> { });
    outbox = Outbox.builder(source, bus).relay(false).completion(OutboxCompletion.DELETE)
        .batchSize(100).build();
    payload = Samples.order(1);
    connection = source.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE business (id BIGINT PRIMARY KEY, customer VARCHAR(64),"
          + " total_cents BIGINT)");
      statement.execute("CREATE TABLE plain_entries (seq BIGINT PRIMARY KEY, event_id VARCHAR(64),"
          + " event_type VARCHAR(255), ordering_key VARCHAR(512), envelope TEXT, state"
          + " VARCHAR(16), attempts INTEGER, created_at VARCHAR(32), next_attempt_at VARCHAR(32))");
    }
    connection.setAutoCommit(false);
    // The JSON the outbox writes for this payload, for the plain insert of the same row.
    entryJson = new String(dev.herald.runtime.wire.CloudEvents.of(bus.events()).toJson(
        outbox.publish(connection, payload)), java.nio.charset.StandardCharsets.UTF_8);
    connection.rollback();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    connection.close();
    outbox.close();
    bus.close();
    if (server != null) {
      server.close();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void businessRow() throws SQLException {
    insertBusinessRow();
    connection.commit();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object businessRowWithOutbox() throws SQLException {
    insertBusinessRow();
    Object envelope = outbox.publish(connection, payload);
    connection.commit();
    return envelope;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void plainInsertOfTheEntry() throws SQLException {
    long id = ++next;
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO plain_entries"
        + " (seq, event_id, event_type, ordering_key, envelope, state, attempts, created_at,"
        + " next_attempt_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, "evt_01KTXA5H8G0Q1KQE3WE" + id);
      insert.setString(3, "order:placed");
      insert.setString(4, null);
      insert.setString(5, entryJson);
      insert.setString(6, "2030-01-01T00:00:00.000000000Z");
      insert.setString(7, "2030-01-01T00:00:00.000000000Z");
      insert.executeUpdate();
    }
    connection.commit();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object outboxPublish() throws SQLException {
    Object envelope = outbox.publish(connection, payload);
    connection.commit();
    return envelope;
  }

  /** Fills the outbox for one {@link #relay} call (not measured). */
  @State(Scope.Benchmark)
  public static class Filled {
    @Setup(Level.Invocation)
    public void fill(OutboxBenchmark bench) throws SQLException {
      for (int i = 0; i < RELAY_BATCH; i++) {
        bench.outbox.publish(bench.connection, bench.payload);
      }
      bench.connection.commit();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(RELAY_BATCH)
  public int relay(Filled filled) {
    int relayed = 0;
    int claimed;
    while ((claimed = outbox.relayNow()) > 0) {
      relayed += claimed;
    }
    return relayed;
  }

  private void insertBusinessRow() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO business (id, customer, total_cents) VALUES (?, ?, ?)")) {
      insert.setLong(1, ++next);
      insert.setString(2, payload.customerId());
      insert.setLong(3, 12_345);
      insert.executeUpdate();
    }
  }

  private static DataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return sqlite;
  }

  private DataSource postgres() throws Exception {
    String url = System.getProperty("bench.postgres.url");
    if (url == null) {
      server = PostgresServer.start();
      return server.newDatabase();
    }
    PGSimpleDataSource postgres = new PGSimpleDataSource();
    postgres.setURL(url);
    try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS business, plain_entries");
    }
    return postgres;
  }
}
