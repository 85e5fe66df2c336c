package dev.herald.it.store;

import static dev.herald.it.store.StoreFixtures.WIRE;

import dev.herald.it.contracts.CrashProbe;
import dev.herald.it.contracts.EventMap;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A separate JVM that appends events and dead letters to a shared SQLite file: arguments are the
 * file, a name, how many of each, and the event store's durability.
 */
public final class AppendingProcess {

  private AppendingProcess() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    String name = args[1];
    int count = Integer.parseInt(args[2]);
    EventStore.Durability durability = EventStore.Durability.valueOf(args[3]);
    DeadLetterStore letters = JdbcDeadLetterStore.sqlite(file, WIRE);
    try (EventStore events = JdbcEventStore.sqlite(file, durability, WIRE)) {
      for (int i = 0; i < count; i++) {
        Envelope<CrashProbe> envelope = Envelope.of(EventMap.CRASH_PROBE, new CrashProbe(name, i),
            "evt_" + name + "_" + i, Instant.now(), name, null, null, null, Map.of());
        events.append(envelope);
        Instant now = Instant.now();
        letters.add(new DeadLetter("dlq_" + name + "_" + i, envelope, name,
            DeadLetter.Reason.FAILED, "E", "m", null, 1, now, now));
      }
    } finally {
      letters.close();
    }
  }
}
