package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Sensitive;

/** A guest started a new conversation with the hotel. */
@Event("conversation:created")
public record ConversationCreated(
    @OrderingKey String conversationId,
    String guestId,
    Channel channel,
    @Sensitive @Nullable String initialMessage) implements ConversationEvent {}
