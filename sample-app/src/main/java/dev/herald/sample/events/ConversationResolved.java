package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/**
 * A conversation ended.
 *
 * @param duration how long the conversation lasted, in seconds
 */
@Event("conversation:resolved")
public record ConversationResolved(
    @OrderingKey String conversationId,
    String guestId,
    ResolvedBy resolvedBy,
    @Nullable String staffId,
    ResolutionType resolutionType,
    long duration,
    int messageCount) implements ConversationEvent {

  /** Who closed the conversation. */
  public enum ResolvedBy {
    AI,
    STAFF
  }

  /** How the conversation ended. */
  public enum ResolutionType {
    COMPLETED,
    TRANSFERRED,
    TIMEOUT,
    GUEST_ENDED
  }
}
