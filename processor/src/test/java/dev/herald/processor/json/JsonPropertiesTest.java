package dev.herald.processor.json;

import static dev.herald.processor.json.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.wire.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random records survive a round trip; random and damaged documents never escape as anything but
 * {@link EventDecodingException}. Seeded: a failure names its seed, and {@code -Dherald.seed=<seed>}
 * replays it.
 */
class JsonPropertiesTest {

  private static final List<String> DOCUMENTS = List.of(
      "{\"list\":[\"a\"],\"set\":[1,2],\"colors\":[\"RED\"],\"map\":{\"k\":1},\"byColor\":{},"
          + "\"optional\":\"x\",\"guest\":{\"name\":\"n\",\"phones\":[{\"number\":\"1\","
          + "\"label\":null}]},\"nested\":[{\"a\":null}],\"nullableElements\":[null],"
          + "\"metadata\":{\"m\":\"v\"},\"nullableGuest\":null,"
          + "\"nullableInstant\":\"2024-01-01T00:00:00Z\"}",
      "{\"id\":\"b-1\",\"guest\":{\"name\":\"Bo\",\"phones\":[]},\"metadata\":{\"k\":\"v\"}}",
      "{\"extra\":[1,2.5,-3e10,true,false,null,{\"x\":\"\\u00e9\\n\"}],\"id\":\"\"}");

  private static CodecHarness harness;
  private static Object[] colors;

  @BeforeAll
  static void compile() {
    harness = Fixtures.compileTypes();
    colors = harness.loader.load(T + "Color").getEnumConstants();
  }

  @Test
  void scalarsRoundTrip() {
    JsonCodec<Record> codec = harness.codec(T + "Scalars");
    forEachRun(300, random -> {
      long l = random.aLong();
      int i = random.anInt();
      short s = random.aShort();
      boolean bool = random.bool();
      byte b = random.aByte();
      float f = random.aFloat();
      double d = random.aDouble();
      char c = random.aChar();
      Record scalars = harness.record(T + "Scalars", bool, b, s, i, l, f, d, c,
          !bool, b, s, i, l, f, d, c, random.string(), random.decimal(), random.integer(),
          new UUID(l, i), random.instant(),
          LocalDate.ofEpochDay(Math.floorMod(l, 3_000_000L) - 1_000_000L),
          LocalDateTime.ofEpochSecond(Math.floorMod(l, 100_000_000_000L),
              Math.floorMod(i, 1_000_000_000), ZoneOffset.UTC),
          OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorMod(l, 100_000_000_000L)),
              ZoneOffset.ofTotalSeconds(Math.floorMod(s, 18 * 3600))),
          Duration.ofSeconds(l, Math.floorMod(i, 1_000_000_000)), random.pick(colors));
      assertThat(CodecHarness.decode(codec, CodecHarness.json(codec, scalars)))
          .isEqualTo(scalars);
    });
  }

  @Test
  void containersRoundTrip() {
    JsonCodec<Record> codec = harness.codec(T + "Containers");
    forEachRun(300, random -> {
      List<Object> colorList = random.list(4, () -> random.pick(colors));
      Map<Object, String> byColor = new LinkedHashMap<>();
      colorList.forEach(color -> byColor.put(color, color.toString().toLowerCase()));
      Optional<Record> guest = random.optional(() -> guest(random));
      boolean withNulls = random.bool();
      Record containers = harness.record(T + "Containers",
          random.list(5, random::string),
          new LinkedHashSet<>(random.list(5, random::anInt)),
          colorList,
          random.map(4, random::aLong),
          byColor,
          random.optional(random::string),
          guest,
          random.list(3, () -> random.map(3, () -> random.optional(() -> phone(random)))),
          random.list(5, () -> random.orNull(30, random::string)),
          withNulls ? null : random.map(3, random::string),
          withNulls ? null : guest.orElse(null),
          withNulls ? null : random.instant());
      assertThat(CodecHarness.decode(codec, CodecHarness.json(codec, containers)))
          .isEqualTo(containers);
    });
  }

  /**
   * Any string as a map key: one with a lone surrogate cannot be a JSON field name that decoders
   * accept, so encoding refuses it, naming the path; every other key round-trips.
   */
  @Test
  void mapKeysWithLoneSurrogatesAreRefusedAndOthersRoundTrip() {
    JsonCodec<Record> codec = harness.codec(T + "Booking");
    int[] refused = {0};
    forEachRun(300, random -> {
      Map<String, String> metadata = new LinkedHashMap<>();
      int size = random.between(0, 3);
      for (int i = 0; i < size; i++) {
        String key = random.chance(30)
            ? random.pick("\uD83D", "x\uDE00y", "\uDE00\uD83D", "a\uD800")
            : random.string();
        metadata.put(key, random.string());
      }
      Record booking = harness.record(T + "Booking", random.string(), guest(random), metadata);
      boolean lone = metadata.keySet().stream().anyMatch(JsonPropertiesTest::hasLoneSurrogate);
      if (lone) {
        refused[0]++;
        assertThatThrownBy(() -> CodecHarness.json(codec, booking))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("Cannot encode the map key at $.metadata: it holds a lone"
                + " surrogate");
      } else {
        assertThat(CodecHarness.decode(codec, CodecHarness.json(codec, booking)))
            .isEqualTo(booking);
      }
    });
    assertThat(refused[0]).as("runs with a lone surrogate in a key").isPositive();
  }

  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Herald's own instant formatter and parser agree with {@code Instant.toString} and
   * {@code Instant.parse} on every instant: whole seconds, milli, micro and nano fractions, the
   * years 0000 to 9999 it formats itself and the others it hands to {@code toString}.
   */
  @Test
  void instantsAreWrittenAsToStringAndReadAsParse() {
    assertThat(JsonSupport.parseUtc("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse(
        "0000-01-01T00:00:00Z"));
    assertThat(JsonSupport.parseUtc("9999-12-31T23:59:59.999999999Z")).isEqualTo(Instant.parse(
        "9999-12-31T23:59:59.999999999Z"));
    for (String invalid : List.of("2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-01-01T24:00:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.Z",
        "2024-01-01t00:00:00Z", "2024-01-01T00:00:00+01:00", "+2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00.1234567890Z", "2024-1-01T00:00:00Z")) {
      assertThat(JsonSupport.parseUtc(invalid)).as(invalid).isNull();
    }
    forEachRun(3000, random -> {
      long second = random.chance(50)
          ? random.aLong() % 253_402_300_800L // years 1970 +- 8000
          : random.instant().getEpochSecond();
      int nano = random.pick(0, random.between(1, 999) * 1_000_000,
          random.between(1, 999_999) * 1000, random.between(1, 999_999_999));
      Instant instant = Instant.ofEpochSecond(second, nano);
      String text = instant.toString();
      String json = new String(JsonSupport.toBytes(new InstantCodec(), instant),
          StandardCharsets.UTF_8);
      assertThat(json).isEqualTo("\"" + text + "\"");
      assertThat(JsonSupport.parseInstant(text)).isEqualTo(instant);
      Instant fast = JsonSupport.parseUtc(text);
      if (fast != null) {
        assertThat(fast).isEqualTo(instant);
      }
    });
  }

  /** The INSTANT value codec as a document codec. */
  private static final class InstantCodec implements JsonCodec<Instant> {
    @Override
    public void write(com.fasterxml.jackson.core.JsonGenerator generator, Instant value)
        throws java.io.IOException {
      JsonSupport.INSTANT.write(generator, value);
    }

    @Override
    public Instant read(com.fasterxml.jackson.core.JsonParser parser) throws java.io.IOException {
      return JsonSupport.INSTANT.read(parser);
    }
  }

  @Test
  void damagedDocumentsGiveAValueOrEventDecodingException() {
    forEachRun(1000, random -> {
      byte[] damaged = random.pick(DOCUMENTS.toArray(String[]::new))
          .getBytes(StandardCharsets.UTF_8);
      int changes = random.between(0, 4);
      for (int change = 0; change < changes; change++) {
        damaged[random.between(0, damaged.length - 1)] = random.aByte();
      }
      int cut = random.between(0, 200);
      if (cut > 0 && cut < damaged.length) {
        damaged = Arrays.copyOf(damaged, cut);
      }
      assertDecodesOrFailsCleanly(harness.codec(T + "Containers"), damaged);
      assertDecodesOrFailsCleanly(harness.codec(T + "Booking"), damaged);
    });
  }

  @Test
  void randomBytesGiveAValueOrEventDecodingException() {
    forEachRun(1000, random -> {
      byte[] bytes = random.chance(10)
          ? random.bytes(64)
          : random.jsonish(random.pick(60, 200)).getBytes(StandardCharsets.UTF_8);
      assertDecodesOrFailsCleanly(harness.codec(T + "Booking"), bytes);
      assertDecodesOrFailsCleanly(harness.codec(T + "Scalars"), bytes);
      assertDecodesOrFailsCleanly(harness.codec(T + "Node"), bytes);
    });
  }

  /**
   * Runs {@code body} {@code runs} times on one seeded generator. Whatever fails, in generating,
   * encoding or asserting, is reported with the seed and the run, and
   * {@code -Dherald.seed=<seed>} replays the same values.
   */
  private static void forEachRun(int runs, Consumer<RandomValues> body) {
    RandomValues random = RandomValues.create();
    for (int run = 0; run < runs; run++) {
      try {
        body.accept(random);
      } catch (RuntimeException | AssertionError failure) {
        throw new AssertionError("run " + run + " of " + runs + " failed with seed " + random.seed
            + " (replay with -Dherald.seed=" + random.seed + "): " + failure.getMessage(), failure);
      }
    }
  }

  private static Record phone(RandomValues random) {
    return harness.record(T + "Phone", random.string(), random.orNull(30, random::string));
  }

  private static Record guest(RandomValues random) {
    return harness.record(T + "Guest", random.string(), random.list(3, () -> phone(random)));
  }

  private static void assertDecodesOrFailsCleanly(JsonCodec<Record> codec, byte[] json) {
    String document = new String(json, StandardCharsets.UTF_8);
    Record value;
    try {
      value = JsonSupport.fromBytes(codec, json, JsonLimits.defaults().withMaxDepth(16));
    } catch (EventDecodingException expected) {
      assertThat(expected.path()).as("path of the failure on %s", document).startsWith("$");
      assertThat(expected.problem()).as("problem of the failure on %s", document).isNotBlank();
      return;
    } catch (RuntimeException | Error other) {
      throw new AssertionError("decoding " + document + " threw " + other, other);
    }
    assertThat(value).as("decoded %s", document).isNotNull();
  }
}
