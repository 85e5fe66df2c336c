package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.util.Map;

/** The AI engine ran one of its skills, such as opening a housekeeping request. */
@Event("ai:skill:executed")
public record AiSkillExecuted(
    @OrderingKey String conversationId,
    String skillId,
    Map<String, String> parameters,
    Result result,
    long executionTimeMs) {

  /**
   * What the skill achieved.
   *
   * @param data the skill's output as text (the seed's {@code any})
   */
  public record Result(
      boolean success,
      @Nullable Boolean partial,
      @Nullable String data,
      @Nullable String error) {}
}
