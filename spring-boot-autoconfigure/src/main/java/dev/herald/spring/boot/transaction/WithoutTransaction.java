package dev.herald.spring.boot.transaction;

/** What {@link TransactionalEventPublisher} does when no transaction is active. */
public enum WithoutTransaction {
  /** Publish at once, as {@code bus.publish} does. */
  PUBLISH,
  /** Throw {@link IllegalStateException}: the caller expected a transaction and has none. */
  FAIL
}
