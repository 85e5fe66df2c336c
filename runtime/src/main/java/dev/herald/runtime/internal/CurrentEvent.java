package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;

/**
 * The envelope a listener on this thread is handling, so that events it publishes inherit its
 * correlation id and tenant and name it as their cause.
 */
final class CurrentEvent {

  private static final ThreadLocal<Envelope<?>> CURRENT = new ThreadLocal<>();

  private CurrentEvent() {}

  static Envelope<?> get() {
    return CURRENT.get();
  }

  /** Sets {@code envelope} as current and returns the previous one, for {@link #restore}. */
  static Envelope<?> enter(Envelope<?> envelope) {
    Envelope<?> previous = CURRENT.get();
    CURRENT.set(envelope);
    return previous;
  }

  /**
   * Makes {@code previous} current again. A null is set, not removed: removing would make the next
   * {@link #enter} re-create the thread's map entry, on every publish.
   */
  static void restore(Envelope<?> previous) {
    CURRENT.set(previous);
  }
}
