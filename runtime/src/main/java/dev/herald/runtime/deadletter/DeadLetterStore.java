package dev.herald.runtime.deadletter;

import dev.herald.runtime.EventBus;
import java.util.List;
import java.util.Optional;

/**
 * Where deliveries that failed for good are kept until someone replays or deletes them. The bus
 * writes to it; operators list, replay (through {@link EventBus#replay(DeadLetter)}) and purge.
 *
 * <p>Implementations are thread-safe. {@link #add} must not lose a letter silently: a store that
 * cannot keep one says so loudly (a log line at ERROR at least) and keeps the newest.
 *
 * <p>A store that holds a connection releases it on {@link #close()}; the bus never closes the
 * store it was given, so close it after the bus ({@code try (DeadLetterStore letters = ...)}).
 */
public interface DeadLetterStore extends AutoCloseable {

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

  /** Releases what the store holds; a store in memory holds nothing. */
  @Override
  default void close() {}

  /**
   * A store in memory that keeps at most {@code capacity} letters; when full, it drops the oldest
   * and logs an ERROR each time, since a dropped dead letter is a lost event.
   */
  static DeadLetterStore inMemory(int capacity) {
    return new InMemoryDeadLetterStore(capacity);
  }

  /**
   * How many stored rows this store has skipped since it was opened because it could not decode
   * them (written by another version of the contracts, damaged by hand): each is logged at ERROR
   * with how to find it, and the bus's health turns DEGRADED while this is above zero. A store
   * that never skips returns 0.
   */
  default long skippedRows() {
    return 0;
  }
}
