package dev.herald.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JsonSupport on its own, with a hand-written codec of the shape the processor generates. */
class JsonSupportTest {

  /** A JSON object holding one map of string lists, {@code {"a b":{"k":["v"]}}}. */
  private static final ValueCodec<Map<String, List<String>>> MAP =
      JsonSupport.stringMap(JsonSupport.list(JsonSupport.STRING));

  private static final JsonCodec<Map<String, List<String>>> CODEC = new JsonCodec<>() {
    @Override
    public void write(JsonGenerator generator, Map<String, List<String>> value)
        throws IOException {
      MAP.write(generator, value);
    }

    @Override
    public Map<String, List<String>> read(JsonParser parser) throws IOException {
      return MAP.read(parser);
    }
  };

  private static Map<String, List<String>> read(String json, JsonLimits limits) {
    return JsonSupport.fromBytes(CODEC, json.getBytes(StandardCharsets.UTF_8), limits);
  }

  @Test
  void writesAndReads() {
    byte[] json = JsonSupport.toBytes(CODEC, Map.of("k", List.of("\ud83d\ude00")));
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"k\":[\"\ud83d\ude00\"]}");
    assertThat(read("{\"k\":[\"\ud83d\ude00\"]}", JsonLimits.defaults()))
        .isEqualTo(Map.of("k", List.of("\ud83d\ude00")));
  }

  @Test
  void pathsQuoteNamesThatAreNotIdentifiers() {
    assertThatThrownBy(() -> read("{\"a b\":[\"x\",1]}", JsonLimits.defaults()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessage("Cannot decode event at $['a b'][1]: expected a string, found an integer"
            + " (line 1, column 13, byte 12)");
  }

  @Test
  void eachLimitsValueGetsItsOwnConstraints() {
    String json = "{\"k\":[\"" + "x".repeat(40) + "\"]}";
    assertThat(read(json, JsonLimits.defaults())).containsKey("k");
    assertThatThrownBy(() -> read(json, JsonLimits.defaults().withMaxStringLength(10)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $.k[0]: String value length");
    assertThatThrownBy(() -> read("{\"k\":[]}", JsonLimits.defaults().withMaxDepth(1)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("nesting depth");
    assertThat(read(json, JsonLimits.defaults())).containsKey("k");
  }

  @Test
  void exceptionsFromACodecNeverEscapeRaw() {
    JsonCodec<Object> broken = new JsonCodec<>() {
      @Override
      public void write(JsonGenerator generator, Object value) {}

      @Override
      public Object read(JsonParser parser) {
        throw new NullPointerException("oops");
      }
    };
    assertThatThrownBy(() -> JsonSupport.fromBytes(broken, "{}".getBytes(StandardCharsets.UTF_8),
            JsonLimits.defaults()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $: oops")
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void nullElementsAreRefusedWhenWriting() {
    assertThatThrownBy(() -> JsonSupport.toBytes(CODEC,
            Map.of("k", java.util.Arrays.asList("a", null))))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Cannot encode null at $.k[1]");
  }

  @Test
  void databindBridgeReadsOnTheSameParser() {
    record Point(int x, int y) {}
    ValueCodec<List<Point>> points = JsonSupport.list(
        JsonSupport.databind(new TypeReference<Point>() {}));
    JsonCodec<List<Point>> codec = new JsonCodec<>() {
      @Override
      public void write(JsonGenerator generator, List<Point> value) throws IOException {
        points.write(generator, value);
      }

      @Override
      public List<Point> read(JsonParser parser) throws IOException {
        return points.read(parser);
      }
    };
    byte[] json = JsonSupport.toBytes(codec, List.of(new Point(1, 2)));
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("[{\"x\":1,\"y\":2}]");
    assertThat(JsonSupport.fromBytes(codec, json, JsonLimits.defaults()))
        .containsExactly(new Point(1, 2));
    assertThatThrownBy(() -> JsonSupport.fromBytes(codec,
            "[{\"x\":1,\"y\":2},{\"x\":\"no\"}]".getBytes(StandardCharsets.UTF_8),
            JsonLimits.defaults()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $[1].x");
    assertThatThrownBy(() -> JsonSupport.fromBytes(codec,
            "[null]".getBytes(StandardCharsets.UTF_8), JsonLimits.defaults()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $[0]: null is not allowed");
  }

  @Test
  void nextFieldTakesTheFastPathForTheExpectedNameAndLooksUpOthers() throws IOException {
    JsonSupport.Fields fields = JsonSupport.fields("a", "b");
    try (JsonParser parser = new com.fasterxml.jackson.core.JsonFactory()
        .createParser("{\"a\":1,\"c\":2,\"b\":3,\"a\":4}")) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      assertThat(JsonSupport.nextField(parser, fields, 0)).isEqualTo(0);
      parser.nextToken();
      assertThat(JsonSupport.nextField(parser, fields, 1)).isEqualTo(JsonSupport.UNKNOWN_FIELD);
      assertThat(parser.currentName()).isEqualTo("c");
      parser.nextToken();
      assertThat(JsonSupport.nextField(parser, fields, 1)).isEqualTo(1);
      parser.nextToken();
      assertThat(JsonSupport.nextField(parser, fields, 2)).isEqualTo(0);
      parser.nextToken();
      assertThat(JsonSupport.nextField(parser, fields, 1)).isEqualTo(JsonSupport.END_OF_OBJECT);
    }
  }
}
