package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** The AI engine decided that a person should take over. */
@Event("ai:escalation:triggered")
public record AiEscalationTriggered(
    @OrderingKey String conversationId,
    EscalationReason reason,
    double confidence,
    Priority suggestedPriority) {}
