package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/**
 * An attempt to send a message through the channel provider failed.
 *
 * @param attemptCount which attempt failed, from 1
 */
@Event("message:failed")
public record MessageFailed(
    String messageId,
    @OrderingKey String conversationId,
    Channel channel,
    Error error,
    int attemptCount) implements MessageEvent {

  /** What the provider said, and whether trying again may help. */
  public record Error(String code, String message, boolean retryable) {}
}
