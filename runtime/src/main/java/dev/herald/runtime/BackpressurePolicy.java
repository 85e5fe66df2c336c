package dev.herald.runtime;

/** What {@code publish} does when an asynchronous queue is full. Nothing is ever dropped silently. */
public enum BackpressurePolicy {
  /** Wait for room, up to the bus's block timeout, then dead-letter the delivery. */
  BLOCK,
  /** Throw {@link BackpressureException} to the publisher, which decides what to do. */
  FAIL,
  /** Put the delivery straight into the dead-letter store. */
  DEAD_LETTER
}
