package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.herald.sample.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AsyncAPI document the processor wrote for the sample app is valid AsyncAPI 3.0.0 (checked
 * against the official JSON Schema, vendored under {@code src/test/resources/asyncapi}), and holds
 * a message per event, a send operation per channel and the listeners' receive operations.
 */
class AsyncApiDocumentTest {

  private static String text;
  private static JsonNode document;

  @BeforeAll
  static void readTheGeneratedDocument() throws IOException {
    text = resource("META-INF/herald/asyncapi.json");
    document = JsonMapper.builder().build().readTree(text);
  }

  @Test
  void isValidAsyncApi300() throws IOException {
    Schema asyncApi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(SchemaLocation.of("classpath:/asyncapi/asyncapi-3.0.0.schema.json"));

    List<Error> errors = asyncApi.validate(text, InputFormat.JSON);

    assertThat(errors).isEmpty();
    assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
  }

  @Test
  void anInvalidDocumentFailsTheSameCheck() throws IOException {
    Schema asyncApi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(SchemaLocation.of("classpath:/asyncapi/asyncapi-3.0.0.schema.json"));
    String broken = text.replace("\"action\": \"receive\"", "\"action\": \"listen\"");

    assertThat(asyncApi.validate(broken, InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void holdsAMessageAndASendOperationPerEvent() {
    for (EventType type : EventType.values()) {
      String channel = type.eventName().replace(':', '.');
      String message = channel + ".v" + type.version();
      assertThat(document.at("/channels/" + channel + "/address").asString())
          .isEqualTo(type.eventName());
      assertThat(document.at("/components/messages/" + message + "/payload/$ref").asString())
          .isEqualTo("#/components/schemas/" + type.payloadType().getSimpleName());
      assertThat(document.at("/components/messages/" + message + "/headers/properties/type/const")
          .asString()).isEqualTo(type.eventName());
      assertThat(document.at("/operations/send." + channel + "/action").asString())
          .isEqualTo("send");
    }
  }

  @Test
  void receiveOperationsCarryTheSubscribersDeliveryMode() {
    // ActivityFeed.activity(AuditLog) is @Subscribe(delivery = Delivery.ASYNC).
    JsonNode activity = document.at("/operations/receive.ActivityFeed.activity.audit.log");

    assertThat(activity.get("action").asString()).isEqualTo("receive");
    assertThat(activity.at("/channel/$ref").asString()).isEqualTo("#/channels/audit.log");
    assertThat(activity.get("x-herald-delivery").asString()).isEqualTo("ASYNC");
    List<String> deliveries = new ArrayList<>();
    document.get("operations").forEach(operation -> {
      if (operation.has("x-herald-delivery")) {
        deliveries.add(operation.get("x-herald-delivery").asString());
      }
    });
    assertThat(deliveries).isNotEmpty().allMatch(List.of("SYNC", "ASYNC", "ORDERED")::contains);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
