package dev.herald.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Redaction as a property of the generator: one {@code write}, hand-written here in the shape the
 * processor generates, renders {@code @Sensitive} components as {@code "***"} when handed a
 * redacting generator, through every combinator, and writes them in full otherwise.
 */
class RedactingGeneratorTest {

  /** {@code record Phone(@Sensitive String number, String label)}. */
  record Phone(String number, String label) {}

  /** {@code record Guest(String name, List<Phone> phones, Map<String, Optional<Phone>> byLabel)} */
  record Guest(String name, List<Phone> phones, Map<String, Optional<Phone>> byLabel) {}

  private static final JsonCodec<Phone> PHONE = new JsonCodec<>() {
    private final JsonSupport.Fields fields = JsonSupport.fields("number", "label");

    @Override
    public void write(JsonGenerator generator, Phone value) throws IOException {
      generator.writeStartObject();
      generator.writeFieldName(fields.name(0));
      if (JsonSupport.isRedacting(generator)) {
        JsonSupport.writeRedaction(generator);
      } else {
        JsonSupport.STRING.write(generator, value.number());
      }
      generator.writeFieldName(fields.name(1));
      JsonSupport.STRING.write(generator, value.label());
      generator.writeEndObject();
    }

    @Override
    public Phone read(JsonParser parser) {
      throw new UnsupportedOperationException();
    }
  };

  private static final ValueCodec<List<Phone>> PHONES = JsonSupport.list(JsonSupport.record(PHONE));
  private static final ValueCodec<Map<String, Optional<Phone>>> BY_LABEL =
      JsonSupport.stringMap(JsonSupport.optional(JsonSupport.record(() -> PHONE)));

  private static final JsonCodec<Guest> GUEST = new JsonCodec<>() {
    @Override
    public void write(JsonGenerator generator, Guest value) throws IOException {
      generator.writeStartObject();
      generator.writeFieldName("name");
      JsonSupport.STRING.write(generator, value.name());
      generator.writeFieldName("phones");
      PHONES.write(generator, value.phones());
      generator.writeFieldName("byLabel");
      BY_LABEL.write(generator, value.byLabel());
      generator.writeEndObject();
    }

    @Override
    public Guest read(JsonParser parser) {
      throw new UnsupportedOperationException();
    }
  };

  private static final Guest ANN = new Guest("Ann", List.of(new Phone("555-1", "mobile")),
      Map.of("work", Optional.of(new Phone("555-2", "work"))));

  @Test
  void sensitiveComponentsAreRedactedThroughEveryCombinatorAndOnlyWhenAsked() {
    assertThat(new String(JsonSupport.toRedactedBytes(GUEST, ANN), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"Ann\",\"phones\":[{\"number\":\"***\",\"label\":\"mobile\"}],"
            + "\"byLabel\":{\"work\":{\"number\":\"***\",\"label\":\"work\"}}}");
    assertThat(new String(JsonSupport.toBytes(GUEST, ANN), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"Ann\",\"phones\":[{\"number\":\"555-1\",\"label\":\"mobile\"}],"
            + "\"byLabel\":{\"work\":{\"number\":\"555-2\",\"label\":\"work\"}}}");
  }

  @Test
  void aRedactingGeneratorWritesToTheCallersGenerator() throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
      JsonGenerator redacting = JsonSupport.redacting(generator);

      assertThat(JsonSupport.isRedacting(generator)).isFalse();
      assertThat(JsonSupport.isRedacting(redacting)).isTrue();
      assertThat(JsonSupport.redacting(redacting)).isSameAs(redacting);

      generator.writeStartArray();
      GUEST.write(redacting, new Guest("Bo", List.of(new Phone("555-4", "x")), Map.of()));
      PHONE.write(generator, new Phone("555-3", "home"));
      generator.writeEndArray();
    }
    assertThat(out.toString()).isEqualTo("[{\"name\":\"Bo\","
        + "\"phones\":[{\"number\":\"***\",\"label\":\"x\"}],\"byLabel\":{}},"
        + "{\"number\":\"555-3\",\"label\":\"home\"}]");
  }
}
