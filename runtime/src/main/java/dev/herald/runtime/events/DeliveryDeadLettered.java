package dev.herald.runtime.events;

import dev.herald.annotations.Event;

/**
 * A delivery was given up and kept in the dead-letter store, from where it can be replayed.
 * Published by the bus itself.
 *
 * @param reason the {@link dev.herald.runtime.deadletter.DeadLetter.Reason} as its name
 * @param errorType the last error's class, or the empty string when there was none
 */
@Event("herald:delivery:dead-lettered")
public record DeliveryDeadLettered(
    String deadLetterId,
    String eventId,
    String eventType,
    String subscriber,
    String reason,
    int attempts,
    String errorType) {}
