package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Sensitive;

/**
 * The hotel sent a guest a message, written by the AI or by a staff member.
 *
 * @param staffId who wrote it, when {@code sentBy} is {@code STAFF}
 */
@Event("message:sent")
public record MessageSent(
    String messageId,
    @OrderingKey String conversationId,
    String guestId,
    Channel channel,
    @Sensitive String content,
    OutgoingContent contentType,
    SentBy sentBy,
    @Nullable String staffId) implements MessageEvent {

  /** What an outgoing message carries: templates are pre-approved (WhatsApp) notifications. */
  public enum OutgoingContent {
    TEXT,
    IMAGE,
    TEMPLATE
  }

  /** Who wrote an outgoing message. */
  public enum SentBy {
    AI,
    STAFF
  }
}
