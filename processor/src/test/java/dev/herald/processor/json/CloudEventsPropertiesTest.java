package dev.herald.processor.json;

import static dev.herald.processor.testing.Compiler.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.CloudEvents;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire format accepts exactly what it writes, as two seeded properties over envelopes with
 * free-form payloads and a mutation corpus of their documents:
 *
 * <ol>
 *   <li>for every envelope E that encodes, decode(encode(E)) equals E;
 *   <li>for every document D that decodes, encode(decode(D)) decodes to the same envelope.
 * </ol>
 *
 * <p>Anything else that escapes (an exception other than {@link EventDecodingException} when
 * decoding, or than {@link IllegalArgumentException} when encoding) fails. {@code
 * -Dherald.wire.documents=N} sets the corpus size (default 4000; {@code scripts/wire-fuzz.sh} runs
 * a million), {@code -Dherald.seed=S} replays a corpus and {@code -Dherald.wire.run=R} one
 * document of it. The outcome counts are printed.
 */
class CloudEventsPropertiesTest {

  private static final JavaFileObject EVENTS = source("com.acme.wire.Logged",
      "package com.acme.wire;",
      "import dev.herald.annotations.Event;",
      "import dev.herald.annotations.ExactDecimals;",
      "import java.util.List;",
      "import java.util.Map;",
      "public final class Logged {",
      "  private Logged() {}",
      "  @Event(\"audit:logged\")",
      "  public record Audit(String id, Map<String, Object> metadata, Object input,",
      "      List<Object> tags, double ratio) {}",
      "  @Event(value = \"audit:priced\", version = 2)",
      "  public record Priced(String id, @ExactDecimals Map<String, List<Object>> prices) {}",
      "}");

  private static final String T = "com.acme.wire.Logged$";
  private static CodecHarness harness;
  private static EventKey<Record> audit;
  private static EventKey<Record> priced;
  private static CloudEvents wire;

  @BeforeAll
  static void compile() {
    harness = CodecHarness.compile(EVENTS);
    audit = harness.key("com.acme.wire.EventMap", "AUDIT_LOGGED");
    priced = harness.key("com.acme.wire.EventMap", "AUDIT_PRICED_V2");
    wire = CloudEvents.of(List.of(audit, priced));
  }

  // ------------------------------------------------------------------ fixed cases

  @Test
  void aTimeOutsideFourDigitYearsIsRefusedByBothSidesWithTheSameProblem() {
    Envelope<Record> early = envelope(Instant.MIN, Map.of());
    assertThatThrownBy(() -> wire.toJson(early))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode the envelope's time: time \"-1000000000-01-01T00:00:00Z\" is"
            + " not an RFC 3339 timestamp, whose years have four digits (0000-01-01T00:00:00Z to"
            + " 9999-12-31T23:59:59.999999999Z)");
    String document = json(envelope(Instant.EPOCH, Map.of()))
        .replace("1970-01-01T00:00:00Z", "+10000-01-01T00:00:00Z");
    assertThatThrownBy(() -> decode(document))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("at $.time: time \"+10000-01-01T00:00:00Z\" is not an RFC 3339"
            + " timestamp, whose years have four digits");
    assertThat(decode(json(envelope(Instant.parse("9999-12-31T23:59:59.999999999Z"), Map.of())))
        .time()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
    // A rendering for people (logs, dead-letter views) shows what there is.
    assertThat(wire.toRedactedJson(early)).contains("\"time\":\"-1000000000-01-01T00:00:00Z\"");
  }

  @Test
  void headersTheDocumentCouldNotCarryBackAreRefusedAtEncode() {
    assertThatThrownBy(() -> wire.toJson(envelope(Instant.EPOCH, Map.of("id", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot encode header \"id\": it is a CloudEvents attribute this format"
            + " writes itself; rename the header");
    assertThatThrownBy(() -> wire.toJson(envelope(Instant.EPOCH, Map.of("a\udc00", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its name holds a lone surrogate");
  }

  @Test
  void eventversionIsAnIntegerOrTheStringOfItsDigits() {
    String document = json(envelope(Instant.EPOCH, Map.of()));
    assertThat(decode(document.replace("\"eventversion\":1", "\"eventversion\":\"1\"")).key())
        .isEqualTo(audit);
    assertThat(decode(document.replace("\"eventversion\":1,", "")).key()).isEqualTo(audit);
    for (String refused : List.of("1e0", "1.0", "\"01\"", "\"+1\"", "\" 1\"", "0", "-1",
        "\"1e0\"", "2147483648", "true", "null")) {
      assertThatThrownBy(() -> decode(document.replace("\"eventversion\":1",
          "\"eventversion\":" + refused)))
          .as(refused)
          .isInstanceOf(EventDecodingException.class)
          .hasMessageContaining("at $.eventversion: eventversion must be a JSON integer from 1 to"
              + " 2147483647 (or a string of its decimal digits, without sign, exponent or"
              + " leading zeros)");
    }
  }

  @Test
  void anUnknownTypeIsQuotedBoundedAndGetsAFewSuggestions() {
    String document = json(envelope(Instant.EPOCH, Map.of()));
    assertThatThrownBy(() -> decode(document.replace("audit:logged", "audit:loged")))
        .hasMessageContaining("unknown event type \"audit:loged\"; did you mean \"audit:logged\","
            + " \"audit:priced\"? Add the contracts jar");
    String huge = "x".repeat(8000);
    assertThatThrownBy(() -> decode(document.replace("audit:logged", huge)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("unknown event type \"" + "x".repeat(100) + "…\" (8000 chars);"
            + " this service knows \"audit:logged\", \"audit:priced\". Add the contracts jar")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
  }

  @Test
  void aLoneSurrogateEscapeInAnExtensionNameIsRefused() {
    String document = json(envelope(Instant.EPOCH, Map.of()));
    assertThatThrownBy(() -> decode(document.replace("\"source\"", "\"x\\ud800\":1,\"source\"")))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void theGeneratedCodecNamesTheComponentOfAValueItCannotWrite() {
    Record payload = harness.record(T + "Audit", "a-1", Map.of("when", List.of(Instant.EPOCH)),
        null, List.of(), 0.5);
    assertThatThrownBy(() -> audit.toJson(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot encode the free-form value at $.metadata.when[0]: its class"
            + " java.time.Instant is not one that free-form JSON maps");
    Record infinite = harness.record(T + "Audit", "a-1", Map.of(), Double.NaN, List.of(), 0.5);
    assertThatThrownBy(() -> audit.toJson(infinite))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot encode the free-form value at $.input: the number NaN");
  }

  // ------------------------------------------------------------------ properties

  @Test
  void theWireFormatAcceptsExactlyWhatItWrites() {
    int documents = Integer.getInteger("herald.wire.documents", 4000);
    long seed = Long.getLong("herald.seed", System.nanoTime());
    SplittableRandom seeds = new SplittableRandom(seed);
    Map<String, Integer> outcomes = new TreeMap<>();
    Long only = Long.getLong("herald.wire.run");
    for (int i = 0; i < (only == null ? documents : 1); i++) {
      long runSeed = only == null ? seeds.nextLong() : only;
      SplittableRandom random = new SplittableRandom(runSeed);
      try {
        outcomes.merge(run(random), 1, Integer::sum);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("document " + i + " failed; replay it alone with"
            + " -Dherald.wire.run=" + runSeed + " (corpus seed " + seed + ")", e);
      }
    }
    System.out.println("CloudEvents mutation corpus: " + documents + " documents, seed " + seed
        + ": " + outcomes);
    // The corpus exercises every outcome, or it proves little.
    if (only == null) {
      assertThat(outcomes).containsKeys("encode refused", "decoded as written", "mutant decoded",
          "mutant refused");
    }
  }

  /** One envelope, encoded, then one mutant of its document, decoded. Returns the outcome. */
  private static String run(SplittableRandom random) {
    Envelope<Record> envelope = randomEnvelope(random);
    byte[] json;
    try {
      json = wire.toJson(envelope);
    } catch (IllegalArgumentException refused) {
      return "encode refused";
    }
    Envelope<?> back = wire.fromJson(json);
    assertSame(back, envelope);
    if (random.nextInt(8) == 0) {
      return "decoded as written";
    }
    byte[] mutant = mutate(random, json);
    Envelope<?> decoded;
    try {
      decoded = wire.fromJson(mutant);
    } catch (EventDecodingException refused) {
      assertThat(refused.getMessage()).hasSizeLessThan(1200);
      return "mutant refused";
    }
    // Whatever decodes encodes, and reads back the same.
    if (Long.getLong("herald.wire.run") != null) {
      System.out.println(new String(mutant, StandardCharsets.UTF_8));
      System.out.println(new String(wire.toJson(decoded), StandardCharsets.UTF_8));
    }
    assertSame(wire.fromJson(wire.toJson(decoded)), decoded);
    return "mutant decoded";
  }

  private static void assertSame(Envelope<?> actual, Envelope<?> expected) {
    assertThat(actual.key()).isEqualTo(expected.key());
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.time()).isEqualTo(expected.time());
    assertThat(actual.source()).isEqualTo(expected.source());
    assertThat(actual.correlationId()).isEqualTo(expected.correlationId());
    assertThat(actual.causationId()).isEqualTo(expected.causationId());
    assertThat(actual.tenantId()).isEqualTo(expected.tenantId());
    assertThat(actual.headers()).isEqualTo(expected.headers());
    assertThat(actual.payload()).isEqualTo(expected.payload());
  }

  // ------------------------------------------------------------------ random envelopes

  private static final String[] PIECES = {"a", "Z", "é", "\"", "\\", "\n", "\u0000", "/",
      "\ud83d\ude00", "\u2028", " ", "9", "\ud800", "\udfff", "\u00ff", "ﬀ"};
  private static final String[] HEADER_NAMES = {"channel", "traceparent", "x", "id", "time",
      "a\ud800", "é", "data", "k\ud83d\ude00"};

  private static Envelope<Record> randomEnvelope(SplittableRandom random) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      headers.put(random.nextInt(3) == 0 ? HEADER_NAMES[random.nextInt(HEADER_NAMES.length)]
          : "h" + text(random).replaceAll("[^a-z0-9]", ""), text(random));
    }
    long second = random.nextInt(50) == 0
        ? random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
        : random.nextLong(-62_167_219_200L, 253_402_300_800L);
    Instant time =
        Instant.ofEpochSecond(second, random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
    boolean isPriced = random.nextInt(4) == 0;
    Record payload = isPriced
        ? harness.record(T + "Priced", text(random), Map.of("p", List.of(
            BigDecimal.valueOf(random.nextLong(), random.nextInt(30) - 10), random.nextInt())))
        : harness.record(T + "Audit", text(random), map(random, 0), value(random, 0),
            list(random, 0), random.nextInt(20) == 0 ? Double.NaN : random.nextDouble());
    return Envelope.of(isPriced ? priced : audit, payload, "evt_" + text(random), time,
        text(random), random.nextBoolean() ? null : text(random),
        random.nextBoolean() ? null : text(random), random.nextBoolean() ? null : text(random),
        headers);
  }

  private static Envelope<Record> envelope(Instant time, Map<String, String> headers) {
    Record payload = harness.record(T + "Audit", "a-1", Map.of("k", 1), null, List.of(), 0.5);
    return Envelope.of(audit, payload, "evt_1", time, "desk", null, null, null, headers);
  }

  private static Object value(SplittableRandom random, int depth) {
    switch (random.nextInt(depth > 2 ? 7 : 9)) {
      case 0:
        return null;
      case 1:
        return random.nextBoolean();
      case 2:
        return text(random);
      case 3:
        return random.nextInt();
      case 4:
        return random.nextLong() | (1L << 40);
      case 5:
        return BigInteger.valueOf(random.nextLong()).shiftLeft(70);
      case 6:
        return random.nextInt(30) == 0 ? Double.POSITIVE_INFINITY
            : Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
      case 7:
        return map(random, depth + 1);
      default:
        return list(random, depth + 1);
    }
  }

  private static Map<String, Object> map(SplittableRandom random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      map.put(text(random), value(random, depth));
    }
    return map;
  }

  private static List<Object> list(SplittableRandom random, int depth) {
    List<Object> list = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      list.add(value(random, depth));
    }
    return list;
  }

  private static String text(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(4); i > 0; i--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  // ------------------------------------------------------------------ mutations

  /** Byte sequences that issue 21 lists, and their neighbours. */
  private static final byte[][] BYTE_SPLICES = hex("c080", "c0af", "e080af", "f08080af",
      "eda080", "edbfbf", "f4908080", "f7bfbfbf", "80", "ff", "fe", "c3", "e282", "f09f98",
      "00", "efbbbf", "c2a0", "f09f9880", "e2808b");
  private static final String[] TEXT_SPLICES = {"1e400", "-1e400", "1e-400", "9007199254740993",
      "\"\\ud800\"", "\"\\udc00x\"", "null", "[]", "{}", "{\"\\ud800\":1}", "1e0",
      "\"eventversion\":\"1\",", "\"eventversion\":1e0,", "\"eventversion\":\"01\",",
      "\"time\":\"+10000-01-01T00:00:00Z\",", "\"time\":\"-1000000000-01-01T00:00:00Z\",",
      "\"time\":\"2024-02-30T00:00:00Z\",", "\"time\":\"2024-05-01T12:30:00+14:00\",",
      "\"x\\ud800\":1,", "\"ext\":null,", "\"ext\":1e400,", "\"ext\":[1],", "\"type\":\"x\",",
      "\"data\":{},", "\"data\":null,", "\"id\":1,", "\"specversion\":\"0.3\",", ",", ":", "}",
      "]", "\"", "\\", "\"" + "t".repeat(300) + "\""};

  private static byte[] mutate(SplittableRandom random, byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = random.nextInt(json.length + 1);
    out.write(json, 0, at);
    switch (random.nextInt(5)) {
      case 0:
        out.writeBytes(BYTE_SPLICES[random.nextInt(BYTE_SPLICES.length)]);
        out.write(json, at, json.length - at);
        break;
      case 1:
      case 2:
        out.writeBytes(TEXT_SPLICES[random.nextInt(TEXT_SPLICES.length)]
            .getBytes(StandardCharsets.UTF_8));
        out.write(json, at, json.length - at);
        break;
      case 3:
        int skip = Math.min(json.length - at, 1 + random.nextInt(4));
        out.write(json, at + skip, json.length - at - skip);
        break;
      default:
        if (at < json.length) {
          out.write(json[at] ^ (1 << random.nextInt(8)));
          out.write(json, at + 1, json.length - at - 1);
        }
        break;
    }
    return out.toByteArray();
  }

  private static byte[][] hex(String... sequences) {
    byte[][] bytes = new byte[sequences.length][];
    for (int i = 0; i < sequences.length; i++) {
      bytes[i] = HexFormat.of().parseHex(sequences[i]);
    }
    return bytes;
  }

  private static String json(Envelope<Record> envelope) {
    return new String(wire.toJson(envelope), StandardCharsets.UTF_8);
  }

  private static Envelope<?> decode(String document) {
    return wire.fromJson(document.getBytes(StandardCharsets.UTF_8));
  }
}
