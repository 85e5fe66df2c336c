package dev.herald.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.EventBus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A child JVM ({@link CrashChild}) commits business rows and their outbox entries in the same
 * transactions, rolls some back, and is killed with SIGKILL at a random moment, round after round.
 * Then an outbox in this JVM relays what is left. Every committed business row must have its event
 * delivered (at least once: duplicates are counted and reported), and no rolled-back row may have
 * one.
 */
class OutboxCrashTest {

  private static final int ROUNDS = 6;

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(Databases.class)
  void everyCommittedRowHasItsEventAfterKillsAndNoRolledBackRowHasOne(Databases kind)
      throws Exception {
    DataSource source = kind.create(directory);
    String url = kind == Databases.SQLITE
        ? "jdbc:sqlite:" + directory.resolve("herald.db").toAbsolutePath()
        : postgresUrl((PGSimpleDataSource) source);
    OutboxTest.Business.create(source);
    CrashChild.Recorder.createTable(source);
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);

    for (int round = 1; round <= ROUNDS; round++) {
      Path log = directory.resolve("child-" + round + ".log");
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
          "-XX:TieredStopAtLevel=1", "-cp", classPath(), CrashChild.class.getName(), url,
          Integer.toString(round)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("READY")) {
          assertThat(child.isAlive()).as("child of round %d:%n%s", round, Files.readString(log))
              .isTrue();
          assertThat(System.nanoTime()).as("child of round %d ready", round).isLessThan(deadline);
          Thread.sleep(10);
        }
        Thread.sleep(200 + random.nextInt(800)); // then SIGKILL, wherever it is
      } finally {
        child.destroyForcibly(); // SIGKILL on Unix
        child.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(Files.readString(log)).as("child of round %d", round)
          .doesNotContain("Exception");
    }

    // The next start: leases of the killed children expire after a second, then all is relayed.
    try (EventBus bus = EventBus.builder().source("crash-recovery").build();
        CrashChild.Recorder recorder = new CrashChild.Recorder(source)) {
      recorder.listen(bus);
      try (Outbox outbox = Outbox.builder(source, bus).lease(Duration.ofSeconds(1))
          .pollInterval(Duration.ofMillis(50)).build()) {
        OutboxTest.await(() -> outbox.stats().pending() == 0);
        assertThat(outbox.stats().failed()).isZero();
      }
    }

    Set<Long> committed = ids(source, "SELECT id FROM business");
    Map<Long, Integer> deliveries = new HashMap<>();
    long deliveredRows = 0;
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT business_id FROM delivered")) {
      while (rows.next()) {
        deliveries.merge(rows.getLong(1), 1, Integer::sum);
        deliveredRows++;
      }
    }
    Set<Long> lost = new HashSet<>(committed);
    lost.removeAll(deliveries.keySet());
    Set<Long> phantoms = new HashSet<>(deliveries.keySet());
    phantoms.removeAll(committed);
    long duplicates = deliveredRows - deliveries.size();
    System.out.printf("Outbox crash test on %s (seed %d): rounds=%d committed=%d delivered=%d"
            + " duplicates=%d lost=%d rolled-back-with-event=%d%n", kind, seed, ROUNDS,
        committed.size(), deliveredRows, duplicates, lost.size(), phantoms.size());

    assertThat(committed).as("the children committed rows").hasSizeGreaterThan(ROUNDS);
    assertThat(lost).as("committed rows without their event").isEmpty();
    assertThat(phantoms).as("events of rows that were rolled back").isEmpty();
    assertThat(phantoms).noneMatch(id -> id % 4 == 3);
    assertThat(ids(source, "SELECT id FROM business WHERE MOD(id, 4) = 3"))
        .as("rolled-back rows were not committed").isEmpty();
  }

  static String postgresUrl(PGSimpleDataSource source) throws Exception {
    return Databases.server().url(source.getDatabaseName());
  }

  private static Set<Long> ids(DataSource source, String sql) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  /** The test class path: what Maven wrote for child JVMs, else this JVM's. */
  static String classPath() throws IOException {
    Path target = Path.of("target");
    Path dependencies = target.resolve("test-classpath.txt");
    if (Files.exists(dependencies)) {
      return String.join(File.pathSeparator,
          target.resolve("test-classes").toAbsolutePath().toString(),
          target.resolve("classes").toAbsolutePath().toString(),
          Files.readString(dependencies).trim());
    }
    return System.getProperty("java.class.path");
  }
}
