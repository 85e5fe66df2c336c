package dev.herald.processor.json;

import static dev.herald.processor.json.CodecHarness.decode;
import static dev.herald.processor.json.CodecHarness.json;
import static dev.herald.processor.json.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.generated.JsonCodec;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs generated codecs on values with known JSON: each test compares with the input (the
 * expected text, or the record that was encoded), never an output with itself.
 */
class JsonRoundTripTest {

  private static CodecHarness harness;

  @BeforeAll
  static void compile() {
    harness = Fixtures.compileTypes();
  }

  private static Object color(String name) {
    return harness.constant(T + "Color", name);
  }

  private static Record phone(String number, String label) {
    return harness.record(T + "Phone", number, label);
  }

  private static Record guest(String name, List<Record> phones) {
    return harness.record(T + "Guest", name, phones);
  }

  @Test
  void scalarsHaveTheDocumentedWireFormat() {
    Record scalars = harness.record(T + "Scalars", true, (byte) -128, (short) 32767,
        Integer.MIN_VALUE, Long.MAX_VALUE, 1.5f, -0.1, 'x',
        false, (byte) 127, (short) -32768, 42, Long.MIN_VALUE, 3.25f, 1e300, '\u00e9',
        "h\u00e9llo \"w\u00f6rld\"\n\t\u0001 \ud83d\ude00",
        new BigDecimal("123456789012345678901234567890.000000000000000000001"),
        new BigInteger("-98765432109876543210987654321098765432109876543210"),
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        Instant.parse("2024-05-01T12:30:00.123456789Z"),
        LocalDate.of(2024, 2, 29),
        LocalDateTime.of(2024, 5, 1, 12, 30, 0, 1000),
        OffsetDateTime.of(2024, 5, 1, 12, 30, 15, 0, ZoneOffset.ofHours(2)),
        Duration.ofSeconds(3723, 5),
        color("GREEN"));
    String expected = "{\"bool\":true,\"b\":-128,\"s\":32767,\"i\":-2147483648,"
        + "\"l\":9223372036854775807,\"f\":1.5,\"d\":-0.1,\"c\":\"x\","
        + "\"boxedBool\":false,\"boxedByte\":127,\"boxedShort\":-32768,\"boxedInt\":42,"
        + "\"boxedLong\":-9223372036854775808,\"boxedFloat\":3.25,\"boxedDouble\":1.0E300,"
        + "\"boxedChar\":\"\u00e9\","
        + "\"string\":\"h\u00e9llo \\\"w\u00f6rld\\\"\\n\\t\\u0001 \ud83d\ude00\","
        + "\"decimal\":123456789012345678901234567890.000000000000000000001,"
        + "\"integer\":-98765432109876543210987654321098765432109876543210,"
        + "\"uuid\":\"123e4567-e89b-12d3-a456-426614174000\","
        + "\"instant\":\"2024-05-01T12:30:00.123456789Z\",\"date\":\"2024-02-29\","
        + "\"dateTime\":\"2024-05-01T12:30:00.000001\","
        + "\"offsetDateTime\":\"2024-05-01T12:30:15+02:00\",\"duration\":\"PT1H2M3.000000005S\","
        + "\"color\":\"GREEN\"}";
    JsonCodec<Record> codec = harness.codec(T + "Scalars");
    assertThat(json(codec, scalars)).isEqualTo(expected);
    assertThat(decode(codec, expected)).isEqualTo(scalars);
  }

  @Test
  void extremeScalarsSurviveARoundTrip() {
    JsonCodec<Record> codec = harness.codec(T + "Scalars");
    Record scalars = harness.record(T + "Scalars", false, (byte) 0, (short) 0, 0, 0L,
        Float.MIN_VALUE, Double.MAX_VALUE, '\u0000',
        true, (byte) 0, (short) 0, Integer.MAX_VALUE, 0L, Float.NaN, Double.NEGATIVE_INFINITY,
        '\uffff', "",
        new BigDecimal("1E+999"), BigInteger.TWO.pow(3000 / 4),
        new UUID(0, 0), Instant.MAX, LocalDate.MIN, LocalDateTime.MAX,
        OffsetDateTime.MIN, Duration.ofSeconds(Long.MIN_VALUE), color("RED"));
    assertThat(decode(codec, json(codec, scalars))).isEqualTo(scalars);

    Record early = harness.record(T + "Scalars", false, (byte) 0, (short) 0, 0, 0L,
        -0.0f, -0.0, '\ud83d', true, (byte) 0, (short) 0, 0, 0L, Float.POSITIVE_INFINITY,
        Double.MIN_VALUE, '"', "\u2028\u0000\u001f",
        new BigDecimal("-0.00000"), BigInteger.ZERO, UUID.randomUUID(), Instant.MIN,
        LocalDate.MAX, LocalDateTime.MIN, OffsetDateTime.MAX, Duration.ZERO, color("BLUE"));
    assertThat(decode(codec, json(codec, early))).isEqualTo(early);
  }

  @Test
  void containersHaveTheDocumentedWireFormat() {
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("z", 1L);
    map.put("a", -1L);
    Map<Object, String> byColor = new LinkedHashMap<>();
    byColor.put(color("BLUE"), "sea");
    byColor.put(color("RED"), "rose");
    Map<String, Optional<Record>> phones = new LinkedHashMap<>();
    phones.put("home", Optional.of(phone("+1 555", null)));
    phones.put("work", Optional.empty());
    Record containers = harness.record(T + "Containers",
        List.of("b", "a", "b"), new LinkedHashSet<>(List.of(3, 1, 2)),
        List.of(color("RED"), color("RED")), map, byColor, Optional.of("note"),
        Optional.of(guest("Ann", List.of(phone("1", "cell")))), List.of(phones, Map.of()),
        Arrays.asList("x", null, ""), null, null, null);
    String expected = "{\"list\":[\"b\",\"a\",\"b\"],\"set\":[3,1,2],\"colors\":[\"RED\",\"RED\"],"
        + "\"map\":{\"z\":1,\"a\":-1},\"byColor\":{\"BLUE\":\"sea\",\"RED\":\"rose\"},"
        + "\"optional\":\"note\","
        + "\"guest\":{\"name\":\"Ann\",\"phones\":[{\"number\":\"1\",\"label\":\"cell\"}]},"
        + "\"nested\":[{\"home\":{\"number\":\"+1 555\",\"label\":null},\"work\":null},{}],"
        + "\"nullableElements\":[\"x\",null,\"\"],\"metadata\":null,\"nullableGuest\":null,"
        + "\"nullableInstant\":null}";
    JsonCodec<Record> codec = harness.codec(T + "Containers");
    assertThat(json(codec, containers)).isEqualTo(expected);
    Record decoded = decode(codec, expected);
    assertThat(decoded).isEqualTo(containers);
  }

  @Test
  @SuppressWarnings("unchecked")
  void decodedCollectionsKeepOrderAndAreUnmodifiable() throws Exception {
    String json = "{\"list\":[\"b\",\"a\"],\"set\":[3,1,2,1],\"colors\":[\"BLUE\",\"RED\"],"
        + "\"map\":{\"z\":1,\"a\":2},\"byColor\":{\"GREEN\":\"g\",\"RED\":\"r\"},"
        + "\"guest\":null,\"nested\":[],\"nullableElements\":[]}";
    Record decoded = decode(harness.codec(T + "Containers"), json);
    assertThat((List<Object>) component(decoded, "list")).containsExactly("b", "a");
    assertThat((Set<Object>) component(decoded, "set")).containsExactly(3, 1, 2);
    assertThat(((Map<Object, ?>) component(decoded, "map")).keySet()).containsExactly("z", "a");
    assertThat(((Map<Object, ?>) component(decoded, "byColor")).keySet())
        .containsExactly(color("GREEN"), color("RED"));
    for (String name : List.of("list", "set", "colors", "nested", "nullableElements")) {
      Collection<?> collection = (Collection<?>) component(decoded, name);
      assertThatThrownBy(() -> collection.add(null))
          .as(name).isInstanceOf(UnsupportedOperationException.class);
    }
    Map<?, ?> map = (Map<?, ?>) component(decoded, "map");
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    // Absent optional and nullable components.
    assertThat(component(decoded, "optional")).isEqualTo(Optional.empty());
    assertThat(component(decoded, "guest")).isEqualTo(Optional.empty());
    assertThat(component(decoded, "metadata")).isNull();
    assertThat(component(decoded, "nullableGuest")).isNull();
  }

  @Test
  void emptyValuesRoundTrip() {
    Record containers = harness.record(T + "Containers", List.of(), Set.of(), List.of(),
        Map.of(), Map.of(), Optional.empty(), Optional.empty(), List.of(), List.of(),
        Map.of(), null, Instant.EPOCH);
    JsonCodec<Record> codec = harness.codec(T + "Containers");
    String json = json(codec, containers);
    assertThat(json).isEqualTo("{\"list\":[],\"set\":[],\"colors\":[],\"map\":{},\"byColor\":{},"
        + "\"optional\":null,\"guest\":null,\"nested\":[],\"nullableElements\":[],"
        + "\"metadata\":{},\"nullableGuest\":null,\"nullableInstant\":\"1970-01-01T00:00:00Z\"}");
    assertThat(decode(codec, json)).isEqualTo(containers);

    Record empty = harness.record(T + "Empty");
    assertThat(json(harness.codec(T + "Empty"), empty)).isEqualTo("{}");
    assertThat(decode(harness.codec(T + "Empty"), "{\"x\":{\"y\":[1,{}]}}")).isEqualTo(empty);
  }

  @Test
  void bytesAreBase64() throws Exception {
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    JsonCodec<Record> codec = harness.codec(T + "Blob");
    Record blob = harness.record(T + "Blob", new byte[] {0, -1, 'a'}, null);
    assertThat(json(codec, blob)).isEqualTo("{\"data\":\"AP9h\",\"more\":null}");
    Record decoded = decode(codec, "{\"data\":\"" + java.util.Base64.getEncoder()
        .encodeToString(data) + "\",\"more\":\"\"}");
    assertThat((byte[]) component(decoded, "data")).isEqualTo(data);
    assertThat((byte[]) component(decoded, "more")).isEmpty();
  }

  @Test
  void unknownFieldsAreSkippedAndOrderDoesNotMatter() {
    Record booking = harness.record(T + "Booking", "b-1",
        guest("Bo", List.of(phone("2", null))), Map.of("k", "v"));
    String json = "{\"extra\":{\"deep\":[1,[2,{\"a\":null}],\"s\"]},"
        + "\"metadata\":{\"k\":\"v\"},\"more\":[{}],"
        + "\"guest\":{\"phones\":[{\"label\":null,\"x\":true,\"number\":\"2\"}],\"name\":\"Bo\","
        + "\"age\":3.5},"
        + "\"id\":\"b-1\",\"last\":null}";
    assertThat(decode(harness.codec(T + "Booking"), json)).isEqualTo(booking);
  }

  @Test
  void recursiveRecordsRoundTrip() {
    Record leaf = harness.record(T + "Node", "leaf", List.of());
    Record root = harness.record(T + "Node", "root", List.of(leaf,
        harness.record(T + "Node", "mid", List.of(leaf))));
    JsonCodec<Record> codec = harness.codec(T + "Node");
    String json = json(codec, root);
    assertThat(json).isEqualTo("{\"name\":\"root\",\"children\":[{\"name\":\"leaf\",\"children\":[]},"
        + "{\"name\":\"mid\",\"children\":[{\"name\":\"leaf\",\"children\":[]}]}]}");
    assertThat(decode(codec, json)).isEqualTo(root);
  }

  @Test
  void nullabilityDeclaredOnTheConstructorParameterCounts() {
    JsonCodec<Record> codec = harness.codec(T + "DeclaredNullable");
    Record value = harness.record(T + "DeclaredNullable", "d", null);
    assertThat(json(codec, value)).isEqualTo("{\"id\":\"d\",\"note\":null}");
    assertThat(decode(codec, "{\"id\":\"d\"}")).isEqualTo(value);
  }

  @Test
  void encodingRefusesNullWhereTheContractDoesNot() {
    Record booking = harness.record(T + "Booking", "b-1",
        guest("Bo", Arrays.asList(phone("1", null), null)), null);
    assertThatThrownBy(() -> json(harness.codec(T + "Booking"), booking))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("$.guest.phones[1]");
    Record noId = harness.record(T + "Booking", null, guest("Bo", List.of()), null);
    assertThatThrownBy(() -> json(harness.codec(T + "Booking"), noId))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("$.id");
  }

  /** Beyond 64 components the codec tracks the fields read in an array instead of a long. */
  @Test
  void aRecordWithMoreThan64ComponentsRoundTripsAndNamesAMissingField() {
    StringBuilder components = new StringBuilder();
    for (int i = 0; i < 70; i++) {
      components.append(i == 0 ? "" : ", ").append(i % 2 == 0 ? "int c" : "String c").append(i);
    }
    CodecHarness wide = CodecHarness.compile(dev.herald.processor.testing.Compiler.source(
        "com.acme.wide.Wide",
        "package com.acme.wide;",
        "@dev.herald.annotations.Event(\"test:wide\")",
        "public record Wide(" + components + ", @com.acme.types.Nullable String last) {}"),
        Fixtures.TYPE_USE_NULLABLE);
    Object[] values = new Object[71];
    StringBuilder expected = new StringBuilder("{");
    for (int i = 0; i < 70; i++) {
      values[i] = i % 2 == 0 ? (Object) i : "s" + i;
      expected.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":")
          .append(i % 2 == 0 ? String.valueOf(i) : "\"s" + i + "\"");
    }
    expected.append(",\"last\":null}");
    JsonCodec<Record> codec = wide.codec("com.acme.wide.Wide");
    Record value = wide.record("com.acme.wide.Wide", values);
    assertThat(json(codec, value)).isEqualTo(expected.toString());
    assertThat(decode(codec, expected.toString())).isEqualTo(value);
    String without68 = expected.toString().replace(",\"c68\":68", "");
    assertThatThrownBy(() -> decode(codec, without68))
        .isInstanceOf(dev.herald.runtime.EventDecodingException.class)
        .hasMessageContaining("the required field 'c68' is missing");
    String without3 = expected.toString().replace(",\"c3\":\"s3\"", "");
    assertThatThrownBy(() -> decode(codec, without3))
        .hasMessageContaining("the required field 'c3' is missing");
  }

  private static Object component(Record record, String name) throws Exception {
    Method accessor = record.getClass().getMethod(name);
    accessor.setAccessible(true);
    return accessor.invoke(record);
  }

  static List<Object> list(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }
}
