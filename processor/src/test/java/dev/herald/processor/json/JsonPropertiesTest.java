package dev.herald.processor.json;

import static dev.herald.processor.json.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.JsonLimits;
import dev.herald.runtime.spi.JsonCodec;
import dev.herald.runtime.spi.JsonSupport;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random records survive a round trip; random and damaged documents never escape as anything but EventDecodingException. */
class JsonPropertiesTest {

  private static CodecHarness harness;

  @BeforeContainer
  static void compile() {
    harness = Fixtures.compileTypes();
  }

  @Property(tries = 300)
  void scalarsRoundTrip(@ForAll boolean bool, @ForAll byte b, @ForAll short s, @ForAll int i,
      @ForAll long l, @ForAll float f, @ForAll double d, @ForAll char c, @ForAll String string,
      @ForAll BigDecimal decimal, @ForAll BigInteger integer, @ForAll("instants") Instant instant,
      @ForAll("colors") Object color) {
    Record scalars = harness.record(T + "Scalars", bool, b, s, i, l, f, d, c,
        !bool, b, s, i, l, f, d, c, string, decimal, integer,
        new UUID(l, i), instant,
        LocalDate.ofEpochDay(Math.floorMod(l, 3_000_000L) - 1_000_000L),
        LocalDateTime.ofEpochSecond(Math.floorMod(l, 100_000_000_000L), Math.floorMod(i, 1_000_000_000),
            ZoneOffset.UTC),
        OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorMod(l, 100_000_000_000L)),
            ZoneOffset.ofTotalSeconds(Math.floorMod(s, 18 * 3600))),
        Duration.ofSeconds(l, Math.floorMod(i, 1_000_000_000)), color);
    JsonCodec<Record> codec = harness.codec(T + "Scalars");
    assertThat(CodecHarness.decode(codec, CodecHarness.json(codec, scalars))).isEqualTo(scalars);
  }

  @Property(tries = 300)
  void containersRoundTrip(@ForAll List<String> list, @ForAll @Size(max = 5) List<Integer> set,
      @ForAll("colorLists") List<Object> colors, @ForAll Map<String, Long> map,
      @ForAll Optional<String> optional, @ForAll("guests") Optional<Record> guest,
      @ForAll("nested") List<Map<String, Optional<Record>>> nested,
      @ForAll List<@net.jqwik.api.constraints.WithNull(0.3) String> nullableElements,
      @ForAll("instants") Instant instant, @ForAll boolean withNulls,
      @ForAll Map<String, String> metadata) {
    Map<Object, String> byColor = new LinkedHashMap<>();
    colors.forEach(color -> byColor.put(color, color.toString().toLowerCase()));
    Record containers = harness.record(T + "Containers", list, new LinkedHashSet<>(set), colors,
        map, byColor, optional, guest, nested, nullableElements, withNulls ? null : metadata,
        withNulls ? null : guest.orElse(null), withNulls ? null : instant);
    JsonCodec<Record> codec = harness.codec(T + "Containers");
    assertThat(CodecHarness.decode(codec, CodecHarness.json(codec, containers)))
        .isEqualTo(containers);
  }

  @Property(tries = 1000)
  void damagedDocumentsGiveAValueOrEventDecodingException(
      @ForAll("documents") byte[] document, @ForAll @Size(max = 4) List<Integer> positions,
      @ForAll byte replacement, @ForAll("cuts") int cut) {
    byte[] damaged = document.clone();
    for (int position : positions) {
      damaged[Math.floorMod(position, damaged.length)] = replacement;
    }
    if (cut > 0 && cut < damaged.length) {
      damaged = java.util.Arrays.copyOf(damaged, cut);
    }
    assertDecodesOrFailsCleanly(harness.codec(T + "Containers"), damaged);
    assertDecodesOrFailsCleanly(harness.codec(T + "Booking"), damaged);
  }

  @Property(tries = 1000)
  void randomBytesGiveAValueOrEventDecodingException(@ForAll("jsonish") String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertDecodesOrFailsCleanly(harness.codec(T + "Booking"), bytes);
    assertDecodesOrFailsCleanly(harness.codec(T + "Scalars"), bytes);
    assertDecodesOrFailsCleanly(harness.codec(T + "Node"), bytes);
  }

  private static void assertDecodesOrFailsCleanly(JsonCodec<Record> codec, byte[] json) {
    try {
      Record value = JsonSupport.fromBytes(codec, json, JsonLimits.defaults().withMaxDepth(16));
      assertThat(value).isNotNull();
    } catch (EventDecodingException expected) {
      assertThat(expected.path()).startsWith("$");
      assertThat(expected.problem()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond)
        .edgeCases(edges -> edges.add(Instant.MIN).add(Instant.MAX).add(Instant.EPOCH));
  }

  @Provide
  Arbitrary<Object> colors() {
    return Arbitraries.of(harness.loader.load(T + "Color").getEnumConstants());
  }

  @Provide
  Arbitrary<List<Object>> colorLists() {
    return colors().list().ofMaxSize(4);
  }

  Arbitrary<Record> phones() {
    return Combinators.combine(Arbitraries.strings(),
            Arbitraries.strings().injectNull(0.3))
        .as((number, label) -> harness.record(T + "Phone", number, label));
  }

  @Provide
  Arbitrary<Optional<Record>> guests() {
    return Combinators.combine(Arbitraries.strings(), phones().list().ofMaxSize(3))
        .as((name, phones) -> harness.record(T + "Guest", name, phones))
        .optional();
  }

  @Provide
  Arbitrary<List<Map<String, Optional<Record>>>> nested() {
    return Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), phones().optional())
        .ofMaxSize(3).list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<byte[]> documents() {
    return Arbitraries.of(
        "{\"list\":[\"a\"],\"set\":[1,2],\"colors\":[\"RED\"],\"map\":{\"k\":1},\"byColor\":{},"
            + "\"optional\":\"x\",\"guest\":{\"name\":\"n\",\"phones\":[{\"number\":\"1\","
            + "\"label\":null}]},\"nested\":[{\"a\":null}],\"nullableElements\":[null],"
            + "\"metadata\":{\"m\":\"v\"},\"nullableGuest\":null,"
            + "\"nullableInstant\":\"2024-01-01T00:00:00Z\"}",
        "{\"id\":\"b-1\",\"guest\":{\"name\":\"Bo\",\"phones\":[]},\"metadata\":{\"k\":\"v\"}}",
        "{\"extra\":[1,2.5,-3e10,true,false,null,{\"x\":\"\\u00e9\\n\"}],\"id\":\"\"}")
        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(0, 200);
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("{}[]:,\"\\0123456789.eE+-tfnrulasx ").ofMaxLength(60),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("{}[]\"").ofMaxLength(200));
  }
}
