package dev.herald.bench.batch;

import dev.herald.bench.payload.OrderPlaced;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store both contenders write to: a SQLite table in WAL mode, one commit per call, whether the
 * call brings one event or a batch. What a batch listener saves is the commits.
 */
final class AuditTable implements AutoCloseable {

  private final Connection connection;
  private final PreparedStatement insert;

  AuditTable(Path file) throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
      statement.execute("PRAGMA synchronous=NORMAL");
      statement.execute("CREATE TABLE IF NOT EXISTS audit (order_id TEXT, total INTEGER)");
    }
    connection.setAutoCommit(false);
    insert = connection.prepareStatement("INSERT INTO audit (order_id, total) VALUES (?, ?)");
  }

  /** One event, one commit. */
  synchronized void append(OrderPlaced order) {
    try {
      bind(order);
      insert.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A batch, one commit. */
  synchronized void appendAll(List<OrderPlaced> orders) {
    try {
      for (OrderPlaced order : orders) {
        bind(order);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void bind(OrderPlaced order) throws SQLException {
    insert.setString(1, order.orderId());
    insert.setLong(2, order.totalCents());
  }

  @Override
  public void close() throws SQLException {
    insert.close();
    connection.close();
  }
}
