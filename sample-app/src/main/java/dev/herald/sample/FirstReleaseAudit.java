package dev.herald.sample;

import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.sample.hotel.LegacyArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Replays the audit trail of Jack the Butler's first release into today's head office. That
 * release wrote {@code audit:log} version 1, before entries had a severity; its SQLite file (the
 * resource {@value #RESOURCE}, written by that release) holds seven entries in the event store and,
 * since nobody listened to them then, seven dead letters. Both reach the {@link LegacyArchive}, a
 * listener of version 2 only, through the {@code @Upcast} method the processor chained into the
 * generated contracts: the store's replay and the bus's dead-letter replay decode version 1 and
 * hand over version 2.
 */
public final class FirstReleaseAudit {

  static final String RESOURCE = "/legacy/first-release-audit.db";

  private FirstReleaseAudit() {}

  /**
   * Replays a copy of the first release's file, made at {@code copy}, and says what arrived.
   *
   * @return the archive, for tests
   */
  public static LegacyArchive replay(Path copy, PrintStream out) {
    copyResource(copy);
    LegacyArchive archive = new LegacyArchive();
    long stored;
    int redelivered;
    try (EventStore events = JdbcEventStore.sqlite(copy);
         DeadLetterStore letters = JdbcDeadLetterStore.sqlite(copy);
         EventBus bus = EventBus.builder().source("head-office-import").eventStore(events)
             .deadLetters(letters).build()) {
      bus.register(archive);
      stored = events.replay(EventQuery.all().type("audit:log"), bus::deliver);
      redelivered = bus.replay(DeadLetterQuery.all().type("audit:log"));
    }
    out.printf("The head office replayed the first release's audit trail (audit:log v1): %d stored"
        + " entries and %d dead letters reached its audit:log v2 listener, read as v2 (%s)%n",
        stored, redelivered, archive.bySeverity().entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.joining(", ")));
    return archive;
  }

  private static void copyResource(Path copy) {
    try (InputStream in = FirstReleaseAudit.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      Files.createDirectories(copy.toAbsolutePath().getParent());
      Files.copy(in, copy);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + RESOURCE + " to " + copy, e);
    }
  }
}
