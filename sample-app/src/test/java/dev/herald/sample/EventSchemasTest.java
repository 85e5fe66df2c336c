package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.herald.runtime.EventKey;
import dev.herald.sample.events.EventMap;
import dev.herald.sample.events.EventType;
import dev.herald.sample.events.JobScheduled;
import dev.herald.sample.events.MessageReceived;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schemas the processor wrote for the sample app's events describe what their generated
 * codecs write: real payloads of every event validate, with networknt's validator asserting
 * formats too, and documents the codecs would never write fail.
 */
class EventSchemasTest {

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void aPayloadWithEveryComponentFilledIsValid(EventType type) {
    Record payload = SamplePayloads.filled(type.payloadType());

    assertThat(errors(type, encode(type.key(), payload))).as(type.eventName()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void aNullComponentIsValidExactlyWhenTheCodecWritesOne(EventType type) {
    RecordComponent[] components = type.payloadType().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (components[i].getType().isPrimitive()) {
        continue;
      }
      String field = type.eventName() + "." + components[i].getName();
      Record payload = SamplePayloads.withNull(type.payloadType(), i);
      String encoded;
      try {
        encoded = encode(type.key(), payload);
      } catch (NullPointerException refused) {
        // The codec refuses null here (not @Nullable): the schema must refuse it as well.
        Record filled = SamplePayloads.filled(type.payloadType());
        ObjectNode document = (ObjectNode) JSON.readTree(encode(type.key(), filled));
        document.putNull(components[i].getName());
        assertThat(errors(type, JSON.writeValueAsString(document))).as(field).isNotEmpty();
        continue;
      }
      assertThat(errors(type, encoded)).as(field).isEmpty();
    }
  }

  @Test
  void documentsTheCodecWouldNeverWriteFail() {
    ObjectNode valid = (ObjectNode) JSON.readTree(encode(EventMap.MESSAGE_RECEIVED,
        SamplePayloads.filled(MessageReceived.class)));

    ObjectNode unknownChannel = valid.deepCopy();
    unknownChannel.put("channel", "PIGEON");
    ObjectNode missingId = valid.deepCopy();
    missingId.remove("messageId");
    ObjectNode numberAsContent = valid.deepCopy();
    numberAsContent.put("content", 42);

    assertThat(messages(EventType.MESSAGE_RECEIVED, unknownChannel))
        .singleElement().asString().contains("/channel").contains("enum");
    assertThat(messages(EventType.MESSAGE_RECEIVED, missingId))
        .singleElement().asString().contains("required").contains("messageId");
    assertThat(messages(EventType.MESSAGE_RECEIVED, numberAsContent))
        .singleElement().asString().contains("/content").contains("integer");
    // And the decoder refuses each of them too.
    for (ObjectNode invalid : List.of(unknownChannel, missingId, numberAsContent)) {
      byte[] json = JSON.writeValueAsBytes(invalid);
      assertThatThrownBy(() -> EventMap.MESSAGE_RECEIVED.fromJson(json))
          .isInstanceOf(dev.herald.runtime.EventDecodingException.class);
    }
  }

  @Test
  void formatsAreChecked() {
    ObjectNode document = (ObjectNode) JSON.readTree(encode(EventMap.JOB_SCHEDULED,
        SamplePayloads.filled(JobScheduled.class)));
    document.put("scheduledFor", "tomorrow at noon");

    assertThat(messages(EventType.JOB_SCHEDULED, document))
        .singleElement().asString().contains("/scheduledFor").contains("date-time");
  }

  @Test
  void anUnknownFieldIsValidAsTheDecoderSkipsIt() {
    ObjectNode document = (ObjectNode) JSON.readTree(encode(EventMap.MESSAGE_RECEIVED,
        SamplePayloads.filled(MessageReceived.class)));
    document.put("addedByANewerWriter", true);

    assertThat(messages(EventType.MESSAGE_RECEIVED, document)).isEmpty();
    assertThat(EventMap.MESSAGE_RECEIVED.fromJson(JSON.writeValueAsBytes(document)))
        .isEqualTo(SamplePayloads.filled(MessageReceived.class));
  }

  @Test
  void aSchemaNamesItsEventAndLivesWhereItsIdSays() {
    Schema schema = schemaOf(EventType.MESSAGE_RECEIVED);

    assertThat(schema.getSchemaNode().get("$id").asString())
        .isEqualTo("classpath:/META-INF/herald/schemas/message.received/v1.json");
    assertThat(schema.getSchemaNode().get("description").asString())
        .startsWith("A guest sent a message on some channel.");
    assertThat(schema.getSchemaNode().at("/properties/content/x-herald-sensitive").asBoolean())
        .isTrue();
  }

  private static List<Error> errors(EventType type, String json) {
    return schemaOf(type).validate(json, InputFormat.JSON,
        context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
  }

  private static List<String> messages(EventType type, ObjectNode document) {
    return errors(type, JSON.writeValueAsString(document)).stream().map(Error::toString).toList();
  }

  private static Schema schemaOf(EventType type) {
    return SCHEMAS.getSchema(SchemaLocation.of("classpath:/META-INF/herald/schemas/"
        + type.eventName().replace(':', '.') + "/v" + type.version() + ".json"));
  }

  private static <T extends Record> String encode(EventKey<T> key, Record payload) {
    return new String(key.toJson(key.payloadType().cast(payload)), StandardCharsets.UTF_8);
  }
}
