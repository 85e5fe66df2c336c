package dev.herald.runtime.internal;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.events.DeliveryDeadLettered;
import dev.herald.runtime.events.DeliveryFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's own events about deliveries ({@link DeliveryFailed}, {@link DeliveryDeadLettered}),
 * published on the bus itself, caused by and correlated with the event they are about. Nothing is
 * announced about the bus's own events (so a failing failure listener cannot recurse), nor once the
 * bus is closed; an announcement that cannot be published is only logged.
 */
final class Announcements {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private static final String RESERVED_NAMESPACE = "herald";

  private final EventBus bus;
  private final Admission admission;

  Announcements(EventBus bus, Admission admission) {
    this.bus = bus;
    this.admission = admission;
  }

  /** Attempt {@code task.attempts} failed with {@code error}; {@code retrying} if one follows. */
  void deliveryFailed(DeliveryTask task, Throwable error, boolean retrying) {
    Envelope<?> envelope = task.envelope;
    Subscriber subscriber = task.subscriber;
    announce(envelope, new DeliveryFailed(envelope.id(), envelope.type(), subscriber.name,
        task.attempts, subscriber.retry.maxAttempts(), error.getClass().getName(),
        error.getMessage() == null ? "" : error.getMessage(), retrying));
  }

  /** {@code letter} was stored. */
  void deadLettered(DeadLetter letter) {
    Envelope<?> envelope = letter.envelope();
    announce(envelope, new DeliveryDeadLettered(letter.id(), envelope.id(), envelope.type(),
        letter.subscriber(), letter.reason().name(), letter.attempts(),
        letter.errorType() == null ? "" : letter.errorType()));
  }

  private void announce(Envelope<?> cause, Record event) {
    if (admission.isClosed()
        || EventNames.segments(cause.type()).get(0).equals(RESERVED_NAMESPACE)) {
      return;
    }
    Metadata.Builder metadata = Metadata.builder()
        .correlationId(cause.correlationId() != null ? cause.correlationId() : cause.id())
        .causationId(cause.id());
    if (cause.tenantId() != null) {
      metadata.tenant(cause.tenantId());
    }
    try {
      bus.publish(event, metadata.build());
    } catch (RuntimeException e) {
      log.warn("Could not publish {} about {} {}", event.getClass().getSimpleName(), cause.type(),
          cause.id(), e);
    }
  }
}
