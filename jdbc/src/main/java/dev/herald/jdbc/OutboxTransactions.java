package dev.herald.jdbc;

import java.sql.Connection;

/**
 * The SPI through which a framework's transaction manager lends the outbox its transaction, so that
 * {@link Outbox#publish(Record)} needs no connection argument and the relay starts the moment the
 * transaction commits. A Spring adapter, for example, returns
 * {@code DataSourceUtils.getConnection(dataSource)} and registers a
 * {@code TransactionSynchronization} whose {@code afterCommit} runs the action.
 */
public interface OutboxTransactions {

  /**
   * The connection of the transaction in progress on the calling thread.
   *
   * @throws IllegalStateException if there is none: an outbox entry outside a transaction would be
   *     committed alone, which is not what the caller meant
   */
  Connection currentConnection();

  /**
   * Runs {@code action} once the current transaction has committed, on any thread; never if it
   * rolls back.
   */
  void afterCommit(Runnable action);
}
