package dev.herald.spring.boot.transaction;

import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;

/**
 * Where {@link TransactionalEventPublisher} puts an event published inside a Spring transaction:
 * the seam for an outbox. The default, {@link AfterCommitEventSink}, keeps the event in memory and
 * publishes it once the transaction committed (lost if the process dies in between); an outbox
 * writes it to a table through the transaction's own connection instead, so that it commits or
 * rolls back with the business data, and a relay publishes it afterwards.
 *
 * <p>Declare a bean of this type to replace the default; the auto-configuration then uses it.
 */
@FunctionalInterface
public interface TransactionalEventSink {

  /**
   * Takes an event published inside the transaction that is active on the calling thread
   * (transaction synchronization is active when this is called).
   *
   * @param key the event's key, resolved by the publisher
   * @param payload the payload, an {@code @Event} record
   * @param metadata its metadata
   */
  <T extends Record> void enlist(EventKey<T> key, T payload, Metadata metadata);
}
