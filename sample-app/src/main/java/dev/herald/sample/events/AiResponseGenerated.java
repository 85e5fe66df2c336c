package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/**
 * The AI engine composed its answer to a guest's message.
 *
 * @param latencyMs how long the engine took
 */
@Event("ai:response:generated")
public record AiResponseGenerated(
    @OrderingKey String conversationId,
    String messageId,
    String intent,
    double confidence,
    ResponseType responseType,
    TokensUsed tokensUsed,
    long latencyMs) {

  /** What kind of answer the engine gave. */
  public enum ResponseType {
    ANSWER,
    CLARIFICATION,
    ACTION,
    ESCALATION
  }

  /** The model's token counts, for cost tracking. */
  public record TokensUsed(int input, int output) {}
}
