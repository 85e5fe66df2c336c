package dev.herald.it.crash;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.CrashProbe;
import dev.herald.it.contracts.EventMap;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.wire.CloudEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link CrashRecoveryTest} kills. {@code publish} mode publishes critical, persisted
 * events forever while a flaky ORDERED listener fails and retries, and appends the id of every event
 * whose publish returned to an acknowledgement file, forced to disk. {@code recover} mode reopens
 * the same files and delivers every stored event that was neither handled nor dead-lettered.
 */
public final class CrashChild {

  /** The contracts stores used without a bus read and write with. */
  private static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    Path database = dir.resolve("herald.db");
    try (EventStore store = JdbcEventStore.sqlite(database, WIRE);
        Handled handled = new Handled(dir.resolve("handled.db"))) {
      DeadLetterStore deadLetters = JdbcDeadLetterStore.sqlite(database, WIRE);
      EventBus bus = EventBus.builder()
          .source("crash-child")
          .eventStore(store)
          .deadLetters(deadLetters)
          .retry(RetryPolicy.defaults().withMaxAttempts(3)
              .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20)))
          .build();
      bus.subscribeEnvelopes(EventMap.CRASH_PROBE, envelope -> {
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
          throw new IllegalStateException("flaky downstream");
        }
        handled.record(envelope.id());
      }, SubscribeOptions.named("flaky").delivery(Delivery.ORDERED));

      if (mode.equals("publish")) {
        publishForever(bus, dir.resolve("acks.txt"));
      } else {
        recover(bus, store, deadLetters, handled);
        System.out.println("recovered");
      }
    }
  }

  private static void publishForever(EventBus bus, Path acks) throws IOException {
    try (FileChannel ackFile = FileChannel.open(acks, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (long n = 0; ; n++) {
        Envelope<CrashProbe> sent = bus.publish(new CrashProbe("stream-" + (n % 4), n));
        ackFile.write(ByteBuffer.wrap((sent.id() + "\n").getBytes(StandardCharsets.UTF_8)));
        ackFile.force(false);
      }
    }
  }

  private static void recover(EventBus bus, EventStore store, DeadLetterStore deadLetters,
      Handled handled) throws Exception {
    Set<String> settled = new HashSet<>(handled.ids());
    deadLetters.list(DeadLetterQuery.all().limit(Integer.MAX_VALUE))
        .forEach(letter -> settled.add(letter.envelope().id()));
    store.replay(EventQuery.all().type("crash:probe"), envelope -> {
      if (!settled.contains(envelope.id())) {
        bus.deliver(envelope);
      }
    });
    if (!bus.close(Duration.ofSeconds(30))) {
      throw new IllegalStateException("recovery did not finish in time");
    }
  }

  /** The listener's own durable record of what it handled, as a real service would keep it. */
  static final class Handled implements AutoCloseable {
    private final Connection connection;

    Handled(Path file) throws SQLException {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("PRAGMA synchronous=FULL");
        statement.execute("CREATE TABLE IF NOT EXISTS handled (event_id TEXT PRIMARY KEY)");
      }
    }

    synchronized void record(String eventId) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT OR IGNORE INTO handled VALUES (?)")) {
        insert.setString(1, eventId);
        insert.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("could not record " + eventId, e);
      }
    }

    synchronized Set<String> ids() throws SQLException {
      Set<String> ids = new HashSet<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT event_id FROM handled")) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }

    @Override
    public synchronized void close() throws SQLException {
      connection.close();
    }
  }
}
