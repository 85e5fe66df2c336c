package dev.herald.runtime.store;

import dev.herald.runtime.CloudEvents;
import dev.herald.runtime.DeadLetterStore;
import dev.herald.runtime.EventStore;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * Builds the JDBC stores; use the factories on {@link DeadLetterStore} and {@link EventStore}
 * instead.
 */
public final class Stores {

  private Stores() {}

  public static DeadLetterStore deadLetters(Path file, CloudEvents wire) {
    return new JdbcDeadLetterStore(Database.sqlite(file, true), wire);
  }

  public static DeadLetterStore deadLetters(DataSource dataSource, CloudEvents wire) {
    return new JdbcDeadLetterStore(Database.of(dataSource), wire);
  }

  public static EventStore eventStore(Path file, EventStore.Durability durability,
      CloudEvents wire) {
    return new JdbcEventStore(
        Database.sqlite(file, durability == EventStore.Durability.PER_EVENT), wire, durability);
  }

  public static EventStore eventStore(DataSource dataSource, EventStore.Durability durability,
      CloudEvents wire) {
    return new JdbcEventStore(Database.of(dataSource), wire, durability);
  }
}
