package dev.herald.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.wire.CloudEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Herald's wire format against the CloudEvents Java SDK, in both directions. */
class CloudEventsInteropTest {

  private final EventBus bus = EventBus.builder().source("gateway").build();
  private final CloudEvents wire = CloudEvents.of(bus.events());
  private final EventFormat sdk =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void theSdkReadsWhatHeraldWrites() {
    Envelope<TaskCreated> envelope = bus.publish(new TaskCreated("t-1", "Towels to 512 ✓"),
        Metadata.builder().correlationId("req-1").tenant("grand-hotel").header("channel", "sms")
            .build());

    CloudEvent event = sdk.deserialize(wire.toJson(envelope));

    assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
    assertThat(event.getId()).isEqualTo(envelope.id());
    assertThat(event.getSource()).isEqualTo(URI.create("gateway"));
    assertThat(event.getType()).isEqualTo("task:created");
    assertThat(event.getTime().toInstant()).isEqualTo(envelope.time());
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getExtension("eventversion")).isIn(1, "1");
    assertThat(event.getExtension("correlationid")).isEqualTo("req-1");
    assertThat(event.getExtension("causationid")).isNull();
    assertThat(event.getExtension("tenantid")).isEqualTo("grand-hotel");
    assertThat(event.getExtension("channel")).isEqualTo("sms");
    assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(new String(EventMap.TASK_CREATED.toJson(envelope.payload()),
            StandardCharsets.UTF_8));
  }

  @Test
  void heraldReadsWhatTheSdkWrites() {
    RoomBooked booking = new RoomBooked("room-512", 42);
    CloudEvent event = CloudEventBuilder.v1()
        .withId("evt_from_sdk")
        .withSource(URI.create("booking-engine"))
        .withType("room:booked")
        .withTime(OffsetDateTime.of(2026, 11, 22, 18, 0, 0, 123_000_000, ZoneOffset.ofHours(1)))
        .withDataContentType("application/json")
        .withExtension("eventversion", 1)
        .withExtension("correlationid", "req-7")
        .withExtension("causationid", "evt_cause")
        .withExtension("tenantid", "acme")
        .withExtension("channel", "web")
        .withData(EventMap.ROOM_BOOKED.toJson(booking))
        .build();

    Envelope<?> envelope = wire.fromJson(sdk.serialize(event));

    assertThat(envelope.key()).isSameAs(EventMap.ROOM_BOOKED);
    assertThat(envelope.payload()).isEqualTo(booking);
    assertThat(envelope.id()).isEqualTo("evt_from_sdk");
    assertThat(envelope.source()).isEqualTo("booking-engine");
    assertThat(envelope.time()).isEqualTo(Instant.parse("2026-11-22T17:00:00.123Z"));
    assertThat(envelope.correlationId()).isEqualTo("req-7");
    assertThat(envelope.causationId()).isEqualTo("evt_cause");
    assertThat(envelope.tenantId()).isEqualTo("acme");
    assertThat(envelope.headers()).containsExactly(java.util.Map.entry("channel", "web"));
  }

  @Test
  void heraldRoundTripsItsOwnEnvelopesSingleAndBatch() {
    Envelope<Ping> ping = bus.publish(new Ping(1));
    Envelope<RoomBooked> booked = bus.publish(new RoomBooked("r-1", 7),
        Metadata.builder().tenant("acme").build());

    Envelope<?> back = wire.fromJson(wire.toJson(ping));
    assertThat(back.payload()).isEqualTo(ping.payload());
    assertThat(back.id()).isEqualTo(ping.id());
    assertThat(back.time()).isEqualTo(ping.time());
    assertThat(back.correlationId()).isEqualTo(ping.correlationId());

    List<Envelope<?>> batch = wire.fromJsonBatch(wire.toJsonBatch(List.of(ping, booked)));
    assertThat(batch).extracting(e -> (Object) e.payload()).containsExactly(ping.payload(),
        booked.payload());
    assertThat(batch.get(1).tenantId()).isEqualTo("acme");
  }

  @Test
  void dataBeforeTypeIsReadToo() {
    String json = "{\"data\":{\"n\":5},\"eventversion\":1,\"type\":\"test:ping\","
        + "\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"time\":\"2026-01-01T00:00:00Z\"}";
    Envelope<?> envelope = wire.fromJson(json.getBytes(StandardCharsets.UTF_8));
    assertThat(envelope.payload()).isEqualTo(new Ping(5));
  }

  @Test
  void anUnknownTypeIsRefusedNamingTheTypeAndPosition() {
    String json = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\n"
        + "\"type\":\"billing:paid\",\"time\":\"2026-01-01T00:00:00Z\",\"data\":{}}";
    assertThatThrownBy(() -> wire.fromJson(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(EventDecodingException.class, e -> {
          assertThat(e.eventName()).isEqualTo("billing:paid");
          assertThat(e.path()).isEqualTo("$.type");
          assertThat(e.line()).isEqualTo(2);
        })
        .hasMessageContaining("unknown event type \"billing:paid\"")
        .hasMessageContaining("none close to it")
        .as("the catalog is not listed whole").hasMessageNotContaining("test:ping");
    assertThatThrownBy(() -> wire.fromJson(json.replace("billing:paid", "test:pnig")
            .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unknown event type \"test:pnig\"; did you mean \"test:ping\"");
  }

  @Test
  void aNewerVersionThanTheContractIsRefused() {
    String json = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"type\":\"test:ping\","
        + "\"eventversion\":3,\"time\":\"2026-01-01T00:00:00Z\",\"data\":{\"n\":1}}";
    assertThatThrownBy(() -> wire.fromJson(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("Cannot decode event \"test:ping\" at $.eventversion")
        .hasMessageContaining("eventversion 3 of \"test:ping\" is newer than this service's"
            + " contracts (up to version 1)");
  }

  @Test
  void badDataNamesTheEventTheFieldAndThePosition() {
    String json = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"type\":\"room:booked\","
        + "\"eventversion\":1,\"time\":\"2026-01-01T00:00:00Z\",\"data\":{\"roomId\":\"r\","
        + "\"sequence\":\"seven\"}}";
    assertThatThrownBy(() -> wire.fromJson(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(EventDecodingException.class, e -> {
          assertThat(e.eventName()).isEqualTo("room:booked");
          assertThat(e.path()).isEqualTo("$.data.sequence");
          assertThat(e.column()).isGreaterThan(100);
        });
  }

  @Test
  void malformedAndIncompleteDocumentsAreRefused() {
    assertThatThrownBy(() -> wire.fromJson("{\"specversion\":\"1.0\",".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventDecodingException.class);
    String noTime = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"type\":\"test:ping\","
        + "\"eventversion\":1,\"data\":{\"n\":1}}";
    assertThatThrownBy(() -> wire.fromJson(noTime.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("$.time")
        .hasMessageContaining("the required field 'time' is missing");
    String oldSpec = noTime.replace("\"1.0\"", "\"0.3\"");
    assertThatThrownBy(() -> wire.fromJson(oldSpec.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("specversion \"0.3\" is not supported");
  }

  @Test
  void headerNamesMustBeCloudEventsExtensionNames() {
    assertThatThrownBy(() -> Metadata.builder().header("X-Channel", "sms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Header name \"X-Channel\" is not allowed");
    assertThatThrownBy(() -> Metadata.builder().header("tenantid", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
