package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.sample.events.EventType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generated contracts are exactly the seed's: its 53 names, its flags; audit:log in two
 * versions (the first release's, and today's with a severity).
 */
class EventContractsTest {

  /** Copied from the seed's {@code EventType} enum (000_2121cef8afbe3941.txt), in its order. */
  private static final List<String> SEED_EVENT_TYPES = List.of(
      "message:received", "message:sent", "message:delivered", "message:read", "message:failed",
      "conversation:created", "conversation:updated", "conversation:escalated",
      "conversation:resolved", "conversation:assigned",
      "guest:created", "guest:updated", "guest:identified", "guest:merged",
      "task:created", "task:assigned", "task:updated", "task:completed", "task:escalated",
      "task:overdue",
      "staff:online", "staff:offline", "staff:status:changed",
      "ai:response:generated", "ai:intent:classified", "ai:skill:executed",
      "ai:escalation:triggered", "ai:error",
      "channel:connected", "channel:disconnected", "channel:error", "channel:rate:limited",
      "pms:sync:completed", "pms:sync:failed", "pms:reservation:updated", "integration:error",
      "knowledge:updated", "knowledge:embedding:completed",
      "notification:scheduled", "notification:sent", "notification:failed",
      "system:startup", "system:shutdown", "system:health:check", "system:error",
      "audit:log",
      "job:scheduled", "job:started", "job:completed", "job:failed",
      "ws:client:connected", "ws:client:disconnected", "ws:client:authenticated");

  @Test
  void theGeneratedEventTypeHasExactlyTheSeedsNames() {
    assertThat(SEED_EVENT_TYPES).hasSize(53).doesNotHaveDuplicates();
    assertThat(Arrays.stream(EventType.values()).map(EventType::eventName).distinct())
        .containsExactlyInAnyOrderElementsOf(SEED_EVENT_TYPES);
  }

  @Test
  void constantNamesFollowTheSeedsEnumConstants() {
    // The seed's constants are the names upper-cased with ':' as '_', as Herald derives them.
    for (String name : SEED_EVENT_TYPES) {
      assertThat(EventType.valueOf(name.toUpperCase(java.util.Locale.ROOT).replace(':', '_'))
          .eventName()).isEqualTo(name);
      assertThat(EventType.of(name).eventName()).isEqualTo(name);
    }
  }

  @Test
  void flagsAreTheSeedsEventConfigAndCriticalEvents() {
    assertThat(namesWhere(EventType::critical)).containsExactlyInAnyOrder(
        "message:received", "task:created", "conversation:escalated", "audit:log");
    assertThat(namesWhere(EventType::persist)).containsExactly("audit:log");
    assertThat(namesWhere(t -> !t.logPayload())).containsExactly("message:received");
  }

  @Test
  void onlyTheAuditLogHasASecondVersion() {
    assertThat(Arrays.stream(EventType.values()).filter(t -> t.version() != 1))
        .containsExactly(EventType.AUDIT_LOG_V2);
    assertThat(EventType.of("audit:log")).isEqualTo(EventType.AUDIT_LOG_V2);
    assertThat(EventType.of("audit:log", 1)).isEqualTo(EventType.AUDIT_LOG);
  }

  @Test
  void everyEventHasADescriptionFromItsJavadoc() {
    assertThat(Arrays.stream(EventType.values()))
        .allSatisfy(t -> assertThat(t.description()).as(t.eventName()).isNotBlank());
  }

  private static List<String> namesWhere(java.util.function.Predicate<EventType> flag) {
    return Arrays.stream(EventType.values()).filter(flag).map(EventType::eventName).distinct()
        .collect(Collectors.toList());
  }
}
