package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.util.ArrayDeque;

/**
 * What a thread is doing for the buses, in one thread-local object so that a publish looks it up once:
 * the envelope a listener on this thread is handling (events it publishes inherit its correlation id
 * and tenant and name it as their cause), and the SYNC dispatch under way with its queue.
 */
final class CurrentEvent {

  /** One thread's state; only that thread reads or writes it. */
  static final class State {
    /** The envelope being handled on this thread, or null. */
    Envelope<?> current;
    /**
     * The {@link SyncDispatcher#id} of the dispatcher delivering SYNC events on this thread, or 0.
     * A number, not the dispatcher: storing a reference into this long-lived object costs a fence
     * in G1's write barrier, on every publish.
     */
    int dispatching;
    /** Events published while {@link #dispatching} delivers, in the order they were published. */
    ArrayDeque<Object> queue;
    /**
     * The failures of the SYNC dispatch under way, or the outcomes its caller collects; null until
     * something fails (see {@link SyncFailures}).
     */
    SyncFailures failures;
    /** Which of the MDC keys {@link DiagnosticContext} put on this thread, one bit each. */
    int mdcKeys;
    /** Whether the SYNC deliveries under way are timed, and the clock reading they start from. */
    boolean timing;
    long nanos;
    /** The id counts this thread took from a generator: {@code nextId} up to {@code idLimit}. */
    TimeOrderedIds idSource;
    long nextId;
    long idLimit;
    /** How many times this thread counted, up to {@link #SETTLED}. */
    private int counted;

    /**
     * Whether this thread has counted publishes and deliveries often enough to keep per-thread
     * caches (counter cells); counts this call until then.
     */
    boolean settled() {
      if (counted == SETTLED) {
        return true;
      }
      counted++;
      return false;
    }

    /** This thread's cells of the series it counted SYNC publishes in; see ThreadCounts#cell. */
    ThreadCounts[] countsKeys;
    ThreadCounts.Cell[] countsCells;
    java.util.WeakHashMap<ThreadCounts, ThreadCounts.Cell> cells;
  }

  /** Counts after which a thread counts in cells of its own; see Series#countPublished. */
  static final int SETTLED = 64;

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private CurrentEvent() {}

  static State state() {
    return STATE.get();
  }

  static Envelope<?> get() {
    return STATE.get().current;
  }

  /** Sets {@code envelope} as current and returns the previous one, for {@link #restore}. */
  static Envelope<?> enter(Envelope<?> envelope) {
    State state = STATE.get();
    Envelope<?> previous = state.current;
    state.current = envelope;
    return previous;
  }

  /** Makes {@code previous} current again. */
  static void restore(Envelope<?> previous) {
    STATE.get().current = previous;
  }
}
