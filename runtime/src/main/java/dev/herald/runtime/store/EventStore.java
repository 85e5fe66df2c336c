package dev.herald.runtime.store;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import java.util.List;
import java.util.function.Consumer;

/**
 * An append-only log of the events whose contract says {@code persist = true}. The bus appends each
 * such event before {@code publish} returns (or, with group commit, shortly after, in batches), and
 * the log can be read and replayed in append order: into a listener, or into a bus with
 * {@link EventBus#deliver(Envelope)}.
 *
 * <p>Implementations are thread-safe. A stored event that can no longer be decoded (a corrupt row, a
 * contract that was removed) is reported by its position and skipped; the rest stay readable.
 */
public interface EventStore extends AutoCloseable {

  /** When an appended event is durable. */
  enum Durability {
    /** Each append is committed (and, for SQLite, forced to disk) before it returns. */
    PER_EVENT,
    /**
     * Appends return at once; a writer thread commits what arrived within a few milliseconds in one
     * transaction. Much faster; an acknowledged event may be lost if the process dies before its
     * group commits. {@link #flush()} waits for it.
     */
    GROUP_COMMIT
  }

  /** A stored event with its position in the log, which increases in append order. */
  record Stored(long position, Envelope<?> envelope) {}

  /**
   * Appends {@code envelope}. Returns once it is durable, unless the store was built for group
   * commit, in which case it may return before and the event becomes durable within the commit
   * window.
   */
  void append(Envelope<?> envelope);

  /** One page of matching events, in append order. */
  List<Stored> read(EventQuery query);

  /** Hands every matching event (all pages) to {@code listener}, in append order; returns how many. */
  long replay(EventQuery query, Consumer<? super Envelope<?>> listener);

  /** How many stored events match the query's filters (position and paging aside). */
  long count(EventQuery query);

  /** Makes every appended event durable, waiting for a pending group commit. */
  void flush();

  /** Flushes and releases the store's resources. */
  @Override
  void close();

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
