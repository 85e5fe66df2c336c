package dev.herald.runtime;

/** A handle on one subscription; cancelling it stops deliveries that have not started yet. */
public interface Subscription extends AutoCloseable {

  /** The subscriber's name, as dead letters and logs show it. */
  String name();

  /** Stops further deliveries. Idempotent, safe from any thread, including from the handler. */
  void cancel();

  /** Whether the subscription still receives events. */
  boolean isActive();

  /** Same as {@link #cancel()}, for try-with-resources. */
  @Override
  default void close() {
    cancel();
  }
}
