package dev.herald.it.store;

import dev.herald.it.contracts.CrashProbe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.wire.CloudEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

/** Envelopes and letters with chosen ids and times, plain JDBC on a store's file, captured logs. */
final class StoreFixtures {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  /** The contracts stores used without a bus read and write with. */
  static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());

  private StoreFixtures() {}

  static Envelope<CrashProbe> probe(long n) {
    return probe(n, T0.plusSeconds(n), null);
  }

  static Envelope<CrashProbe> probe(long n, Instant time, String correlationId) {
    return Envelope.of(EventMap.CRASH_PROBE, new CrashProbe("s", n), "evt_probe_" + n, time, "test",
        correlationId, null, null, Map.of());
  }

  static Envelope<Ping> ping(int n) {
    return Envelope.of(EventMap.TEST_PING, new Ping(n), "evt_ping_" + n, T0.plusSeconds(n), "test", null,
        null, null, Map.of());
  }

  static DeadLetter letter(String id, Envelope<?> envelope, String subscriber, Instant failed) {
    return new DeadLetter(id, envelope, subscriber, DeadLetter.Reason.FAILED,
        IllegalStateException.class.getName(), "down", "java.lang.IllegalStateException: down", 3,
        failed.minusSeconds(1), failed);
  }


  /** Runs {@code sql} on the file with a connection of its own, as another tool would. */
  static int sql(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  /** What {@code action} logged (the test logger writes to the current {@code System.err}, see logback-test.xml). */
  static synchronized String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }
}
