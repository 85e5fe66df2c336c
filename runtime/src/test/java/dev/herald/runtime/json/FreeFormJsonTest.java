package dev.herald.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Free-form JSON ({@link JsonSupport#FREE_FORM}): the mapping, the refusals on both sides, and
 * seeded properties over random values and random documents. {@code -Dherald.seed=<seed>} replays
 * a failure.
 */
class FreeFormJsonTest {

  private static final JsonCodec<Object> DOUBLES = codec(JsonSupport.FREE_FORM);
  private static final JsonCodec<Object> EXACT = codec(JsonSupport.FREE_FORM_EXACT);
  /** As a generated codec holds a {@code Map<String, Object>} component. */
  private static final JsonCodec<Map<String, Object>> MAP =
      codec(JsonSupport.stringMap(JsonSupport.FREE_FORM));

  private static <T> JsonCodec<T> codec(ValueCodec<T> value) {
    return new JsonCodec<>() {
      @Override
      public void write(JsonGenerator generator, T v) throws IOException {
        value.write(generator, v);
      }

      @Override
      public T read(JsonParser parser) throws IOException {
        return value.read(parser);
      }
    };
  }

  private static <T> T read(JsonCodec<T> codec, String json) {
    return JsonSupport.fromBytes(codec, json.getBytes(StandardCharsets.UTF_8),
        JsonLimits.defaults());
  }

  private static <T> String write(JsonCodec<T> codec, T value) {
    return new String(JsonSupport.toBytes(codec, value), StandardCharsets.UTF_8);
  }

  @Test
  void readsTheNaturalMapping() {
    Object value = read(DOUBLES, "{\"s\":\"x\",\"t\":true,\"f\":false,\"n\":null,\"i\":-7,"
        + "\"l\":9007199254740993,\"b\":123456789012345678901234567890,\"d\":2.5,\"e\":1e3,"
        + "\"o\":{\"a\":[1,{\"b\":[]}]},\"z\":{}}");

    assertThat(value).isInstanceOf(LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    assertThat(new ArrayList<Object>(map.keySet()))
        .containsExactly("s", "t", "f", "n", "i", "l", "b", "d", "e", "o", "z");
    assertThat(map.get("s")).isEqualTo("x");
    assertThat(map.get("t")).isEqualTo(true);
    assertThat(map.get("f")).isEqualTo(false);
    assertThat(map.containsKey("n")).isTrue();
    assertThat(map.get("n")).isNull();
    assertThat(map.get("i")).isEqualTo(-7);
    assertThat(map.get("l")).isEqualTo(9_007_199_254_740_993L); // 2^53 + 1, not rounded
    assertThat(map.get("b")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(map.get("d")).isEqualTo(2.5d);
    assertThat(map.get("e")).isEqualTo(1000d);
    assertThat(map.get("o")).isInstanceOf(LinkedHashMap.class)
        .isEqualTo(Map.of("a", List.of(1, Map.of("b", List.of()))));
    assertThat(((Map<?, ?>) map.get("o")).get("a")).isInstanceOf(ArrayList.class);
    assertThat(map.get("z")).isEqualTo(Map.of());
  }

  @Test
  void exactDecimalsReadBigDecimalsOfAnyMagnitude() {
    assertThat(read(EXACT, "[0.1,1e400,2,1.50]")).isEqualTo(List.of(new BigDecimal("0.1"),
        new BigDecimal("1e400"), 2, new BigDecimal("1.50")));
    assertThat(write(EXACT, read(EXACT, "[0.1,1e400,1.50]"))).isEqualTo("[0.1,1E+400,1.50]");
    // Scale 0: written so that it reads back as a BigDecimal, not an integer.
    assertThat(write(EXACT, read(EXACT, "[12e0,-7E+0]"))).isEqualTo("[12E0,-7E0]");
    assertThat(read(EXACT, "[12e0]")).isEqualTo(List.of(new BigDecimal("12")));
  }

  @Test
  void aNumberBeyondADoubleIsRefusedOnBothSidesWithTheSameProblem() {
    assertThatThrownBy(() -> read(DOUBLES, "{\"a\":[1e400]}"))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $.a[0]: the number 1e400 has no finite double value;"
            + " free-form numbers must be finite (NaN and the infinities are not JSON numbers)");
    assertThatThrownBy(() -> write(DOUBLES, Map.of("a", List.of(Double.POSITIVE_INFINITY))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode the free-form value at $.a[0]: the number Infinity has no"
            + " finite double value; free-form numbers must be finite (NaN and the infinities are"
            + " not JSON numbers)");
    assertThatThrownBy(() -> write(DOUBLES, Float.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the number NaN");
    // Written, it would not read back as a double: refused before it is written.
    assertThatThrownBy(() -> write(DOUBLES, new BigDecimal("1e400")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the number 1E+400");
    assertThat(write(EXACT, new BigDecimal("1e400"))).isEqualTo("1E+400");
  }

  @Test
  void writingRefusesAnotherClassNamingThePathAndTheClass() {
    assertThatThrownBy(() -> write(MAP, Map.of("when", List.of(Instant.EPOCH))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode the free-form value at $.when[0]: its class java.time.Instant"
            + " is not one that free-form JSON maps; use String, Boolean, Integer, Long, Short,"
            + " Byte, BigInteger, Double, Float, BigDecimal, a Map with String keys, a List, or"
            + " null");
    assertThatThrownBy(() -> write(DOUBLES, Set.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.ImmutableCollections$Set12");
    assertThatThrownBy(() -> write(DOUBLES, Map.of(1, "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode the free-form map at $: its key \"1\" is a java.lang.Integer;"
            + " JSON object keys are strings, so use String keys");
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    assertThatThrownBy(() -> write(DOUBLES, Map.of("m", nullKey)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Cannot encode a null map key at $.m");
  }

  @Test
  void aNumberLongerThanDecodersReadIsRefused() {
    BigInteger huge = BigInteger.TEN.pow(1000); // 1001 digits
    assertThatThrownBy(() -> write(DOUBLES, List.of(huge)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode the free-form value at $[0]: the number has 1001 characters,"
            + " more than the 1000 a decoder reads");
    assertThat(read(DOUBLES, write(DOUBLES, huge.divide(BigInteger.TEN))))
        .isEqualTo(huge.divide(BigInteger.TEN));
    assertThatThrownBy(() -> write(EXACT, new BigDecimal(huge, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1002 characters");
  }

  @Test
  void aMapThatContainsItselfIsRefusedNotAStackOverflow() {
    Map<String, Object> loop = new HashMap<>();
    loop.put("self", loop);
    assertThatThrownBy(() -> write(DOUBLES, loop))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nests deeper than 500 levels; does a map or list contain itself?");
  }

  @Test
  void nullValuesInMapsAndListsAreJsonNull() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", null);
    map.put("b", Arrays.asList(1, null));
    assertThat(write(MAP, map)).isEqualTo("{\"a\":null,\"b\":[1,null]}");
    assertThat(read(MAP, "{\"a\":null,\"b\":[1,null]}")).isEqualTo(map);
  }

  @Test
  void loneSurrogatesInKeysAreRefusedAtAnyDepthOnBothSides() {
    Map<String, Object> deep = Map.of("a", List.of(Map.of("ok", Map.of("b\ud800", 1))));
    assertThatThrownBy(() -> write(MAP, deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode the map key at $.a[0].ok: it holds a lone surrogate (U+D800 at"
            + " index 1), which a JSON field name cannot carry; use well-formed UTF-16 names");
    // Jackson refuses the escape itself; the message says it as encoding does.
    assertThatThrownBy(() -> read(MAP, "{\"a\":[{\"ok\":{\"b\\ud800\":1}}]}"))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $.a[0].ok: the field name holds a lone surrogate, which a JSON"
            + " field name cannot carry; use well-formed UTF-16 names");
    assertThatThrownBy(() -> read(MAP, "{\"\\udc00\":1}"))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("the field name holds a lone surrogate");
    // A pair is a character like any other, both ways.
    Map<String, Object> paired = Map.of("\ud83d\ude00", Map.of("\ud83d\ude00", 1));
    assertThat(read(MAP, write(MAP, paired))).isEqualTo(paired);
  }

  @Test
  void otherClassesComeBackInTheClassesReadingProduces() {
    List<Object> written = List.of((short) 1, (byte) 2, 3L, 0.5f, BigInteger.TEN,
        new BigDecimal("12"), new BigDecimal("1.25"), Long.MAX_VALUE);
    assertThat(read(DOUBLES, write(DOUBLES, written)))
        .isEqualTo(List.of(1, 2, 3, 0.5d, 10, 12, 1.25d, Long.MAX_VALUE));
  }

  // ------------------------------------------------------------------ properties

  /** decode(encode(v)) equals v for every value of the classes reading produces. */
  @Test
  void randomValuesSurviveARoundTrip() {
    forEachRun(2_000, random -> {
      boolean exact = random.nextBoolean();
      Object value = Arrays.asList(value(random, 0, exact)); // a document is not null
      JsonCodec<Object> codec = exact ? EXACT : DOUBLES;
      assertThat(read(codec, write(codec, value))).isEqualTo(value);
    });
  }

  /** encode(decode(d)) decodes to the same value for every document d that decodes. */
  @Test
  void everyDocumentThatDecodesReEncodesToTheSameValue() {
    forEachRun(2_000, random -> {
      boolean exact = random.nextBoolean();
      JsonCodec<Object> codec = exact ? EXACT : DOUBLES;
      String document =
          mutate(random, write(codec, Arrays.asList(value(random, 0, exact))));
      Object decoded;
      try {
        decoded = read(codec, document);
      } catch (EventDecodingException refused) {
        return; // refused cleanly: nothing else escapes
      }
      assertThat(read(codec, write(codec, decoded))).as(document).isEqualTo(decoded);
    });
  }

  private static Object value(SplittableRandom random, int depth, boolean exact) {
    int kind = random.nextInt(depth > 3 ? 8 : 10);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return random.nextBoolean();
      case 2:
        return text(random);
      case 3:
        return random.nextInt(); // Integer
      case 4:
        long l = random.nextLong();
        return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
      case 5:
        return BigInteger.valueOf(random.nextLong()).multiply(BigInteger.valueOf(Long.MAX_VALUE))
            .add(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
      case 6:
      case 7:
        double d = Double.longBitsToDouble(random.nextLong());
        if (!Double.isFinite(d)) {
          d = random.nextDouble() * 1e6;
        }
        // Any scale: exact decimals keep it, 0 and negative ones included.
        return exact ? BigDecimal.valueOf(random.nextLong(), random.nextInt(40) - 10) : (Object) d;
      case 8:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(text(random), value(random, depth + 1, exact));
        }
        return map;
      default:
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(random, depth + 1, exact));
        }
        return list;
    }
  }

  private static final String[] PIECES = {"a", "é", "\"", "\\", "\n", "\u0000", "\ud83d\ude00",
      "\u2028", "/", " ", "0", "\u00ff"};

  private static String text(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(5); i > 0; i--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  private static final String[] SPLICES = {"1e400", "-1e400", "1e-400", "9007199254740993",
      "-0", "0.0", "1E2", "\"\\ud800\"", "null", "[]", "{}", "{\"\\ud800\":1}", "1.0e+5",
      "123456789012345678901234567890", "\"\\u0000\"", "true", ",", ":", "}", "]"};

  /** A small edit of a valid document: a splice, a deletion or a repeated slice. */
  private static String mutate(SplittableRandom random, String document) {
    int at = random.nextInt(document.length() + 1);
    switch (random.nextInt(3)) {
      case 0:
        return document.substring(0, at) + SPLICES[random.nextInt(SPLICES.length)]
            + document.substring(at);
      case 1:
        return document.substring(0, at)
            + document.substring(Math.min(document.length(), at + 1 + random.nextInt(3)));
      default:
        int from = random.nextInt(at + 1);
        return document.substring(0, at) + document.substring(from, at) + document.substring(at);
    }
  }

  private static void forEachRun(int runs, Consumer<SplittableRandom> run) {
    long seed = Long.getLong("herald.seed", System.nanoTime());
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < runs; i++) {
      long runSeed = seeds.nextLong();
      try {
        run.accept(new SplittableRandom(runSeed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("run " + i + " failed; replay with -Dherald.seed=" + seed
            + " (run seed " + runSeed + ")", e);
      }
    }
  }
}
