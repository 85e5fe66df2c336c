package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.time.Instant;

/**
 * The channel provider confirmed that a message reached the guest's device.
 *
 * @param providerMessageId the provider's own id for the message, if it gave one
 */
@Event("message:delivered")
public record MessageDelivered(
    String messageId,
    @OrderingKey String conversationId,
    Channel channel,
    Instant deliveredAt,
    @Nullable String providerMessageId) implements MessageEvent {}
