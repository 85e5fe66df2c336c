package dev.herald.jdbc;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.spi.Transport;
import java.util.Objects;

/**
 * Where the outbox's relay hands each committed entry: the bus's local listeners, a transport, or
 * both. An entry counts as delivered when {@link #send} returns; when it throws, the relay tries
 * again later with backoff, and after the last attempt marks the entry failed and dead-letters it.
 */
@FunctionalInterface
public interface OutboxSink {

  /** Hands over one envelope, as it was published (same id, time and metadata). */
  void send(Envelope<?> envelope) throws Exception;

  /**
   * The bus's local subscribers, with their own delivery modes, retries and dead letters
   * ({@link EventBus#deliver}); fails only when the bus refuses the event (closed, full).
   */
  static OutboxSink bus(EventBus bus) {
    Objects.requireNonNull(bus, "bus");
    return bus::deliver;
  }

  /** A transport, to other processes; fails when the transport cannot take the event. */
  static OutboxSink transport(Transport transport) {
    Objects.requireNonNull(transport, "transport");
    return transport::send;
  }

  /** This sink, then {@code next}; an entry is delivered when both took it. */
  default OutboxSink andThen(OutboxSink next) {
    Objects.requireNonNull(next, "next");
    return envelope -> {
      send(envelope);
      next.send(envelope);
    };
  }
}
