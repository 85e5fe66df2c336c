package dev.herald.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redaction as the Maven build generates it: a bus publishes events whose {@code @Sensitive}
 * components sit at depth, and {@link CloudEvents#toRedactedJson} renders them without the secrets
 * while the wire form still carries them.
 */
public class RedactionTest {

  /** A phone number is personal; its label is not. */
  public record Phone(@Sensitive String number, String label) {}

  public record Guest(String name, List<Phone> phones, Map<String, Phone> byRoom,
      Optional<Phone> emergency) {}

  /** A guest checked in. */
  @Event("wire:checked-in")
  public record CheckedIn(String room, @Sensitive String passport, Guest guest) {}

  /** A message whose payload must never be rendered. */
  @Event(value = "wire:private-note", logPayload = false)
  public record PrivateNote(String text) {}

  private final EventBus bus = EventBus.builder().source("desk").build();
  private final CloudEvents wire = CloudEvents.of(bus.events());

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void theRenderingHidesEverySecretAndKeepsTheRest() {
    Guest guest = new Guest("Ann", List.of(new Phone("+47 111", "mobile")),
        Map.of("512", new Phone("+47 222", "room")), Optional.of(new Phone("+47 333", "sos")));
    Envelope<CheckedIn> envelope = bus.publish(new CheckedIn("512", "NO-123456", guest),
        Metadata.builder().correlationId("req-9").build());

    String rendered = wire.toRedactedJson(envelope);

    assertThat(rendered).doesNotContain("NO-123456", "+47 111", "+47 222", "+47 333")
        .contains("\"id\":\"" + envelope.id() + "\"", "\"correlationid\":\"req-9\"")
        .contains("\"data\":{\"room\":\"512\",\"passport\":\"***\",\"guest\":{\"name\":\"Ann\","
            + "\"phones\":[{\"number\":\"***\",\"label\":\"mobile\"}],"
            + "\"byRoom\":{\"512\":{\"number\":\"***\",\"label\":\"room\"}},"
            + "\"emergency\":{\"number\":\"***\",\"label\":\"sos\"}}}");
    // The wire form is untouched and still decodes to the event.
    byte[] json = wire.toJson(envelope);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("NO-123456", "+47 333");
    assertThat(wire.fromJson(json).payload()).isEqualTo(envelope.payload());
  }

  @Test
  void aPayloadThatMustNotBeLoggedIsWithheld() {
    Envelope<PrivateNote> envelope = bus.publish(new PrivateNote("the safe code is 4711"));

    String rendered = wire.toRedactedJson(envelope);

    assertThat(rendered).doesNotContain("4711")
        .endsWith("\"data\":\"" + CloudEvents.WITHHELD + "\"}");
  }
}
