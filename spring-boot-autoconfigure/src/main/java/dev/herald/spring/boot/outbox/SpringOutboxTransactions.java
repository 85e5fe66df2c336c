package dev.herald.spring.boot.outbox;

import dev.herald.jdbc.OutboxTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lends herald-jdbc's outbox the Spring transaction of the calling thread: its connection on
 * {@code dataSource} ({@link DataSourceUtils#getConnection}, bound by
 * {@code DataSourceTransactionManager}, {@code JdbcTransactionManager} or a {@code
 * JpaTransactionManager} that exposes its connection) and an after-commit
 * {@link TransactionSynchronization}. A connection in auto-commit mode would commit the entry on
 * its own, so it is refused: the transaction is on another resource, or there is none.
 */
public final class SpringOutboxTransactions implements OutboxTransactions {

  private final DataSource dataSource;

  /** The transactions of {@code dataSource}. */
  public SpringOutboxTransactions(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Connection currentConnection() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("An outbox entry needs a Spring transaction on the calling"
          + " thread, and there is none: publish from a @Transactional method");
    }
    Connection connection = DataSourceUtils.getConnection(dataSource);
    boolean autoCommit;
    try {
      autoCommit = connection.getAutoCommit();
    } catch (SQLException e) {
      DataSourceUtils.releaseConnection(connection, dataSource);
      throw new IllegalStateException("Cannot read the auto-commit mode of the transaction's"
          + " connection to " + dataSource + ": " + e.getMessage(), e);
    }
    if (autoCommit) {
      DataSourceUtils.releaseConnection(connection, dataSource);
      throw new IllegalStateException("The current transaction does not hold a connection of the"
          + " outbox's DataSource " + dataSource + " (its connection is in auto-commit mode), so"
          + " the entry would not commit or roll back with it. Use a transaction manager of that"
          + " DataSource (DataSourceTransactionManager, JdbcTransactionManager, or"
          + " JpaTransactionManager on it), or set herald.outbox.enabled=false");
    }
    return connection;
  }

  @Override
  public void afterCommit(Runnable action) {
    Objects.requireNonNull(action, "action");
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        action.run();
      }
    });
  }

  @Override
  public String toString() {
    return "SpringOutboxTransactions[" + dataSource + "]";
  }
}
