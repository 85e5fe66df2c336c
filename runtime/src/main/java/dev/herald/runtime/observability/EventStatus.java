package dev.herald.runtime.observability;


/** Where an event in the bus's {@linkplain EventHistory history} stands with its subscribers. */
public enum EventStatus {
  /** Accepted; no delivery has started yet. */
  PENDING,
  /** A delivery is running or waiting for its next attempt. */
  PROCESSING,
  /** Every delivery succeeded, or nobody listens. */
  COMPLETED,
  /**
   * A delivery failed for good and went back to the transport that brought the event, which will
   * redeliver or dead-letter it.
   */
  FAILED,
  /** At least one delivery went to the dead-letter store. */
  DEAD_LETTERED
}
