package dev.herald.spring.boot.outbox;

import dev.herald.jdbc.Outbox;
import dev.herald.jdbc.OutboxTransactions;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.spring.boot.transaction.TransactionalEventSink;
import java.util.Objects;

/**
 * Writes each event of a transaction to herald-jdbc's {@link Outbox} on the transaction's own
 * connection, so that it commits or rolls back with the business data; the outbox's relay delivers
 * it after the commit (woken by the commit, or found by its poll after a crash). Delivery is at
 * least once: a listener may hear an event again, with the same id, after a crash.
 */
public final class OutboxEventSink implements TransactionalEventSink {

  private final Outbox outbox;
  private final OutboxTransactions transactions;

  /** Writes to {@code outbox} in the transactions {@code transactions} reports. */
  public OutboxEventSink(Outbox outbox, OutboxTransactions transactions) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  @Override
  public <T extends Record> void enlist(EventKey<T> key, T payload, Metadata metadata) {
    outbox.publish(transactions, payload, metadata);
  }
}
