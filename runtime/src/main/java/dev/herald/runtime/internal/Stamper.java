package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.IdGenerator;
import dev.herald.runtime.Metadata;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Puts a new event into its envelope: an id, the time, the bus's source, and what it inherits from
 * the event being handled on the publishing thread (correlation id, tenant, and that event as its
 * cause) unless the publisher's metadata says otherwise. With the default ids the clock is read once
 * and the id and time are kept as numbers until someone reads them.
 */
final class Stamper {

  private final String source;
  private final Clock clock;
  /** Whether {@link #clock} is the cached one, which stamps milliseconds without an Instant. */
  private final boolean coarseClock;
  private final IdGenerator ids;
  /** The default id generator, whose ids envelopes render lazily; null for a custom one. */
  private final TimeOrderedIds stampIds;
  private final Envelopes.Factory stamped = Envelopes.factory();

  /** @param ids the publisher's id generator, or null for the default, time-ordered ids */
  Stamper(String source, Clock clock, IdGenerator ids) {
    this.source = source;
    this.clock = clock;
    this.coarseClock = clock == CoarseClock.UTC;
    this.stampIds = ids == null ? new TimeOrderedIds("evt_", clock) : null;
    this.ids = ids == null ? stampIds : ids;
  }

  /** The bus's source, stamped on every envelope. */
  String source() {
    return source;
  }

  /** The envelope of {@code payload}; {@code thread} is the publishing thread's state. */
  @SuppressWarnings("unchecked") // the factory makes an envelope of the key's payload type
  <T extends Record> Envelope<T> envelope(EventKey<T> key, T payload, Metadata metadata,
      CurrentEvent.State thread) {
    Envelope<?> cause = thread.current;
    String correlation = metadata.correlationId() != null ? metadata.correlationId()
        : cause != null ? cause.correlationId() : null;
    String causation = metadata.causationId() != null ? metadata.causationId()
        : cause != null ? cause.id() : null;
    String tenant = metadata.tenantId() != null ? metadata.tenantId()
        : cause != null ? cause.tenantId() : null;
    if (stampIds == null) {
      String id = ids.newId();
      return Envelope.of(key, payload, id, clock.instant(), source,
          correlation != null ? correlation : id, causation, tenant, metadata.headers());
    }
    Objects.requireNonNull(key, "key");
    long epochSecond;
    int nano;
    long millis;
    if (coarseClock) {
      millis = clock.millis();
      epochSecond = Math.floorDiv(millis, 1000);
      nano = Math.floorMod(millis, 1000) * 1_000_000;
    } else {
      Instant now = clock.instant();
      epochSecond = now.getEpochSecond();
      nano = now.getNano();
      millis = now.toEpochMilli();
    }
    // A null correlation id makes the envelope correlate to its own id.
    return (Envelope<T>) stamped.make(key, payload, stampIds, stampIds.millisAt(millis),
        stampIds.nextCount(thread), epochSecond, nano, source, correlation, causation, tenant,
        metadata.headers());
  }
}
