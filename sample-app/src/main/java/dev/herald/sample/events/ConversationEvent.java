package dev.herald.sample.events;

/** Every event about a conversation's life: created, updated, escalated, assigned, resolved. */
public sealed interface ConversationEvent permits ConversationCreated, ConversationUpdated,
    ConversationEscalated, ConversationResolved, ConversationAssigned {

  String conversationId();
}
