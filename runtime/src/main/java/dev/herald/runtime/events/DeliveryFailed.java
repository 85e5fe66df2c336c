package dev.herald.runtime.events;

import dev.herald.annotations.Event;

/**
 * A subscriber failed to handle an event. Published by the bus itself; when {@code willRetry} is
 * true another attempt follows, else the delivery was dead-lettered.
 *
 * @param errorMessage the error's message, or the empty string when it had none
 */
@Event("herald:delivery:failed")
public record DeliveryFailed(
    String eventId,
    String eventType,
    String subscriber,
    int attempt,
    int maxAttempts,
    String errorType,
    String errorMessage,
    boolean willRetry) {}
