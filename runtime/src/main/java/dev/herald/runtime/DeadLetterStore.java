package dev.herald.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Where deliveries that failed for good are kept until someone replays or deletes them. The bus
 * writes to it; operators list, replay (through {@link EventBus#replay(DeadLetter)}) and purge.
 *
 * <p>Implementations are thread-safe. {@link #add} must not lose a letter silently: a store that
 * cannot keep one says so loudly (a log line at ERROR at least) and keeps the newest.
 */
public interface DeadLetterStore {

  /** Keeps {@code letter}. */
  void add(DeadLetter letter);

  /** The matching letters, oldest first, one page of them. */
  List<DeadLetter> list(DeadLetterQuery query);

  /** The letter with this id, if the store has it. */
  Optional<DeadLetter> get(String id);

  /** Removes the letter with this id; {@code false} if there was none. */
  boolean delete(String id);

  /** Removes every letter matching the query's filters (paging ignored); returns how many. */
  int purge(DeadLetterQuery query);

  /** How many letters match the query's filters (paging ignored). */
  long count(DeadLetterQuery query);

  /**
   * A store in memory that keeps at most {@code capacity} letters; when full, it drops the oldest
   * and logs an ERROR each time, since a dropped dead letter is a lost event.
   */
  static DeadLetterStore inMemory(int capacity) {
    return new InMemoryDeadLetterStore(capacity);
  }

  /**
   * A durable store in a SQLite file (WAL mode), created if absent, for the contracts on the class
   * path; several threads and processes may share the file.
   */
  static DeadLetterStore sqlite(java.nio.file.Path file) {
    return dev.herald.runtime.store.Stores.deadLetters(file, CloudEvents.discover());
  }

  /** A durable store in any JDBC database, for these contracts. */
  static DeadLetterStore jdbc(javax.sql.DataSource dataSource, CloudEvents wire) {
    return dev.herald.runtime.store.Stores.deadLetters(dataSource, wire);
  }
}
