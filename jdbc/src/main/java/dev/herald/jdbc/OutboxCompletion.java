package dev.herald.jdbc;

/** What the relay does with an entry once its event was delivered. */
public enum OutboxCompletion {
  /**
   * Keeps the row, marked {@code COMPLETED} with the time: operators can see what was sent; the
   * retention sweep deletes completed rows older than the retention.
   */
  MARK,
  /** Deletes the row: the table holds only what is still to send, or failed. */
  DELETE,
  /**
   * Moves the row to {@code herald_outbox_archive} in one transaction: the outbox stays small and
   * the history is kept; the retention sweep deletes archived rows older than the retention.
   */
  ARCHIVE
}
