package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.util.List;

/** A conversation needs a person: the AI could not or should not handle it alone. */
@Event(value = "conversation:escalated", critical = true, persist = true)
public record ConversationEscalated(
    @OrderingKey String conversationId,
    String guestId,
    Reason reason,
    Priority priority,
    Context context) {

  /** Why the conversation was escalated. */
  public enum Reason {
    LOW_CONFIDENCE,
    NEGATIVE_SENTIMENT,
    EXPLICIT_REQUEST,
    COMPLEX_REQUEST,
    COMPLAINT,
    VIP_GUEST,
    REPEATED_FAILURE
  }

  /** What the staff member sees first. */
  public record Context(List<String> lastMessages, String sentiment, String intent) {}
}
