package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.util.List;

/** The AI engine worked out what a guest's message is about, and how the guest feels. */
@Event("ai:intent:classified")
public record AiIntentClassified(
    @OrderingKey String conversationId,
    String messageId,
    String intent,
    double confidence,
    List<Entity> entities,
    Sentiment sentiment) {

  /** Something the guest mentioned: a room, a time, an amenity. */
  public record Entity(String type, String value, double confidence) {}

  /** How the guest seems to feel; {@code score} runs from -1 (angry) to 1 (delighted). */
  public record Sentiment(Polarity polarity, double score) {}

  /** The sign of a sentiment. */
  public enum Polarity {
    POSITIVE,
    NEUTRAL,
    NEGATIVE
  }
}
