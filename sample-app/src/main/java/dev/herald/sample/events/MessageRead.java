package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.time.Instant;

/** The guest read a message (on channels with read receipts). */
@Event("message:read")
public record MessageRead(
    String messageId,
    @OrderingKey String conversationId,
    Channel channel,
    Instant readAt) implements MessageEvent {}
