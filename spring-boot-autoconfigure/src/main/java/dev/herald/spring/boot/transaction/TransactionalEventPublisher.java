package dev.herald.spring.boot.transaction;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import java.util.Objects;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes events that belong to a Spring transaction: inside one, an event goes to the
 * {@link TransactionalEventSink} (by default published after commit and dropped on rollback);
 * outside one, it is published at once, or refused, as {@code herald.transactions
 * .without-transaction} says. {@link EventBus#publish} itself always publishes at once, also inside
 * a transaction: the choice is the caller's, made by calling this class.
 *
 * <pre>{@code
 * @Transactional
 * public void book(Room room) {
 *   rooms.save(room);
 *   events.publishAfterCommit(new RoomBooked(room.id()));   // heard only if the booking commits
 * }
 * }</pre>
 *
 * <p>The event's key is resolved when this is called, so a payload that is no event of the bus
 * fails in the transaction, not after it.
 */
public final class TransactionalEventPublisher {

  private final EventBus bus;
  private final TransactionalEventSink sink;
  private final WithoutTransaction withoutTransaction;

  /**
   * @param bus the bus, which resolves keys and publishes outside transactions
   * @param sink where events published inside a transaction go
   * @param withoutTransaction what to do outside a transaction
   */
  public TransactionalEventPublisher(EventBus bus, TransactionalEventSink sink,
      WithoutTransaction withoutTransaction) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.withoutTransaction = Objects.requireNonNull(withoutTransaction, "withoutTransaction");
  }

  /** Publishes {@code payload} once the current transaction commits; see the class comment. */
  public <T extends Record> void publishAfterCommit(T payload) {
    publishAfterCommit(payload, Metadata.none());
  }

  /** Publishes {@code payload} with {@code metadata} once the current transaction commits. */
  public <T extends Record> void publishAfterCommit(T payload, Metadata metadata) {
    Objects.requireNonNull(payload, "payload");
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) payload.getClass();
    EventKey<T> key = bus.keyOf(type).orElseThrow(() -> new IllegalArgumentException(
        type.getName() + " is no event of bus '" + bus.source() + "': annotate it with @Event and"
            + " compile it with herald-processor on the annotation processor path"));
    publishAfterCommit(key, payload, metadata);
  }

  /** Publishes {@code key}'s {@code payload} once the current transaction commits. */
  public <T extends Record> void publishAfterCommit(EventKey<T> key, T payload,
      Metadata metadata) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      sink.enlist(key, payload, metadata);
    } else if (withoutTransaction == WithoutTransaction.PUBLISH) {
      bus.publish(key, payload, metadata);
    } else {
      throw new IllegalStateException("publishAfterCommit(" + key + ") was called outside a"
          + " transaction and herald.transactions.without-transaction is FAIL: call it from a"
          + " @Transactional method, or set the property to PUBLISH");
    }
  }
}
