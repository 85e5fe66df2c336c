package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Sensitive;
import java.util.List;

/**
 * A conversation needs a person: the AI could not or should not handle it alone.
 *
 * <p>Critical: an escalation nobody hears is dead-lettered, never lost.
 */
@Event(value = "conversation:escalated", critical = true)
public record ConversationEscalated(
    @OrderingKey String conversationId,
    String guestId,
    EscalationReason reason,
    Priority priority,
    @Sensitive Context context) implements ConversationEvent {

  /** What the staff member sees first: the guest's last words, their mood and their intent. */
  public record Context(List<String> lastMessages, String sentiment, String intent) {}
}
