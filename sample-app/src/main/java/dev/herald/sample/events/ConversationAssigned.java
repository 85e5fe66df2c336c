package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A staff member took over a conversation. */
@Event("conversation:assigned")
public record ConversationAssigned(
    @OrderingKey String conversationId,
    String staffId,
    @Nullable String previousStaffId,
    Reason reason) implements ConversationEvent {

  /** Why the conversation changed hands. */
  public enum Reason {
    ESCALATION,
    TRANSFER,
    MANUAL,
    AUTO_ASSIGN
  }
}
