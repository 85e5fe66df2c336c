package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;

/**
 * Carries an envelope of an older version of its event to the newest version this bus knows, as
 * decoding does for documents: for dead letters a store keeps as objects, in memory, so that they
 * replay to today's subscribers like letters read back from a durable store.
 */
final class Upcasting {

  private Upcasting() {}

  /**
   * The envelope as the newest version, with its id, time, source, correlation, tenant and headers;
   * the envelope itself when its version is the newest, or the newest is not among this bus's
   * contracts.
   */
  static Envelope<?> toNewest(Envelope<?> envelope, ContractIndex index) {
    if (!envelope.key().upcasts()) {
      return envelope;
    }
    Record payload = upcast(envelope);
    EventKey<?> newest = index.keyOf(payload.getClass());
    return newest == null ? envelope : rebuild(newest, payload, envelope);
  }

  @SuppressWarnings("unchecked") // an envelope's payload is of its key's type
  private static Record upcast(Envelope<?> envelope) {
    return ((EventKey<Record>) envelope.key()).upcast((Record) envelope.payload());
  }

  @SuppressWarnings("unchecked") // the index maps each payload class to the key of that class
  private static <T extends Record> Envelope<T> rebuild(
      EventKey<T> key, Record payload, Envelope<?> written) {
    return Envelope.of(key, (T) payload, written.id(), written.time(), written.source(),
        written.correlationId(), written.causationId(), written.tenantId(), written.headers());
  }
}
