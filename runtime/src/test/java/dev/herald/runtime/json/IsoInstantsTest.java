package dev.herald.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ISO-8601 instant writer and parser behind {@link JsonSupport#writeInstant},
 * {@link JsonSupport#parseInstant} and {@link JsonSupport#parseUtc}, held to {@code java.time}:
 * random instants write as {@link Instant#toString()} and parse as {@link Instant#parse}, and every
 * text, valid or not, parses as {@code Instant.parse} does or is refused as it refuses it. A
 * failure names its seed; rerun with {@code -Dherald.seed=<seed>} to repeat it.
 */
class IsoInstantsTest {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int RUNS = 20_000;

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the years the fast path covers. */
  private static final long FIRST_FAST_SECOND = Instant.parse("0000-01-01T00:00:00Z")
      .getEpochSecond();
  private static final long LAST_FAST_SECOND = Instant.parse("9999-12-31T23:59:59Z")
      .getEpochSecond();

  private final long seed = Long.getLong("herald.seed", new SplittableRandom().nextLong());
  private final SplittableRandom random = new SplittableRandom(seed);

  @Test
  void randomInstantsWriteAsToStringAndParseBack() {
    for (int i = 0; i < RUNS; i++) {
      Instant instant = Instant.ofEpochSecond(
          random.nextLong(FIRST_FAST_SECOND, LAST_FAST_SECOND + 1), nanos());
      String text = written(instant);

      assertThat(text).as("seed %d: %s", seed, instant).isEqualTo(instant.toString());
      assertThat(JsonSupport.parseUtc(text)).as("seed %d: %s", seed, text).isEqualTo(instant);
      assertThat(JsonSupport.parseInstant(text)).as("seed %d: %s", seed, text).isEqualTo(instant);
    }
  }

  @Test
  void instantsBeyondFourDigitYearsGoThroughJavaTime() {
    List<Instant> instants = List.of(Instant.MIN, Instant.MAX,
        Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
        Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
        Instant.ofEpochSecond(-400_000_000_000L, 5_000));
    for (Instant instant : instants) {
      String text = written(instant);
      assertThat(text).isEqualTo(instant.toString());
      assertThat(JsonSupport.parseUtc(text)).as(text).isNull();
      assertThat(JsonSupport.parseInstant(text)).as(text).isEqualTo(instant);
    }
    for (int i = 0; i < RUNS / 10; i++) {
      Instant instant = Instant.ofEpochSecond(
          random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()), nanos());
      String text = written(instant);
      assertThat(text).as("seed %d", seed).isEqualTo(instant.toString());
      assertThat(JsonSupport.parseInstant(text)).as("seed %d: %s", seed, text).isEqualTo(instant);
    }
  }

  @Test
  void boundaryYearsAndDaysMatchJavaTime() {
    List<String> texts = List.of("0000-01-01T00:00:00Z", "0000-02-29T12:00:00Z",
        "0000-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "0099-12-31T23:59:59Z",
        "0100-03-01T00:00:00Z", "1582-10-04T00:00:00Z", "1582-10-15T00:00:00Z",
        "1899-12-31T23:59:59Z", "1900-02-28T23:59:59Z", "1900-03-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.001Z",
        "2000-02-29T00:00:00Z", "2024-02-29T23:59:59.5Z", "2038-01-19T03:14:08Z",
        "2100-02-28T00:00:00Z", "2400-02-29T00:00:00Z", "9999-12-31T23:59:59.999999999Z");
    for (String text : texts) {
      Instant expected = Instant.parse(text);
      assertThat(JsonSupport.parseUtc(text)).as(text).isEqualTo(expected);
      assertThat(JsonSupport.parseInstant(text)).as(text).isEqualTo(expected);
      assertThat(written(expected)).as(text).isEqualTo(expected.toString());
    }
  }

  @Test
  void oneToNineFractionDigitsAreReadAsJavaTimeReadsThem() {
    for (int i = 0; i < RUNS / 10; i++) {
      int digits = random.nextInt(1, 10);
      StringBuilder fraction = new StringBuilder();
      for (int d = 0; d < digits; d++) {
        fraction.append((char) ('0' + random.nextInt(10)));
      }
      String text = "2024-05-01T12:30:" + twoDigits(random.nextInt(60)) + "." + fraction + "Z";

      assertThat(JsonSupport.parseUtc(text)).as("seed %d: %s", seed, text)
          .isEqualTo(Instant.parse(text));
    }
    assertThat(JsonSupport.parseUtc("2024-05-01T12:30:00.1Z"))
        .isEqualTo(Instant.parse("2024-05-01T12:30:00Z").plusMillis(100));
    assertThat(JsonSupport.parseUtc("2024-05-01T12:30:00.000000001Z"))
        .isEqualTo(Instant.parse("2024-05-01T12:30:00Z").plusNanos(1));
  }

  @Test
  void writesTheFewestGroupsOfThreeFractionDigitsAsToStringDoes() {
    Instant second = Instant.parse("2024-05-01T12:30:00Z");
    assertThat(written(second)).isEqualTo("2024-05-01T12:30:00Z");
    assertThat(written(second.plusMillis(120))).isEqualTo("2024-05-01T12:30:00.120Z");
    assertThat(written(second.plusNanos(120_000))).isEqualTo("2024-05-01T12:30:00.000120Z");
    assertThat(written(second.plusNanos(1))).isEqualTo("2024-05-01T12:30:00.000000001Z");
  }

  @Test
  void offsetsAreConvertedToUtcByTheJavaTimePath() {
    DateTimeFormatter withOffset = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    for (int i = 0; i < RUNS / 10; i++) {
      Instant instant = Instant.ofEpochSecond(
          random.nextLong(FIRST_FAST_SECOND + 86_400, LAST_FAST_SECOND - 86_400), nanos());
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      String text = withOffset.format(instant.atOffset(offset));

      assertThat(JsonSupport.parseInstant(text)).as("seed %d: %s", seed, text).isEqualTo(instant);
      assertThat(JsonSupport.parseInstant(text)).as("seed %d: %s", seed, text)
          .isEqualTo(OffsetDateTime.parse(text).toInstant());
      if (!offset.equals(ZoneOffset.UTC)) {
        assertThat(JsonSupport.parseUtc(text)).as("seed %d: %s", seed, text).isNull();
      }
    }
  }

  @Test
  void malformedTextIsRefusedAsJavaTimeRefusesIt() {
    List<String> malformed = List.of("", "Z", "2024", "2024-05-01", "2024-05-01T12:30Z",
        "2024-05-01T12:30:00", "2024-05-01 12:30:00Z", "2024-05-01T12:30:00.1234567890Z",
        "2024-5-01T12:30:00Z", "2024-05-1T12:30:00Z",
        "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-05-00T00:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:30:60Z",
        "2024-05-01T12:30:61Z", "2024-05-01T12:30:0aZ", "20x4-05-01T12:30:00Z",
        "2024-05-01T12:30:00,5Z", "2024-05-01T12:30:00.5", "2024-05-01T12:30:00.-5Z",
        "2024-05-01T12:30:00ZZ", "2024-05-01T12:30:00+25:00", "2024-05-01T12:30:00+02",
        "+2024-05-01T12:30:00Z", " 2024-05-01T12:30:00Z");
    for (String text : malformed) {
      assertThat(JsonSupport.parseUtc(text)).as(text).isNull();
      assertThatThrownBy(() -> Instant.parse(text)).as("java.time refuses %s", text)
          .isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> JsonSupport.parseInstant(text)).as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void formsOnlyJavaTimeReadsAreLeftToIt() {
    // A leap second, lower-case separators, 24:00, a decimal point without digits: accepted by
    // java.time, not by the fast path.
    for (String text : List.of("2016-12-31T23:59:60Z", "2024-05-01t12:30:00z",
        "2024-05-01T24:00:00Z", "2024-05-01T12:30:00.Z")) {
      assertThat(JsonSupport.parseUtc(text)).as(text).isNull();
      assertThat(JsonSupport.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  /** Random edits of valid text: whatever the result, the parser agrees with java.time. */
  @Test
  void editedTextParsesExactlyWhenJavaTimeParsesIt() {
    String alphabet = "0123456789-:.TZtz+ 9";
    for (int i = 0; i < RUNS; i++) {
      Instant instant = Instant.ofEpochSecond(
          random.nextLong(FIRST_FAST_SECOND, LAST_FAST_SECOND + 1), nanos());
      StringBuilder text = new StringBuilder(instant.toString());
      int at = random.nextInt(text.length());
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(3)) {
        case 0 -> text.setCharAt(at, c);
        case 1 -> text.insert(at, c);
        default -> text.deleteCharAt(at);
      }
      String edited = text.toString();

      Instant expected;
      try {
        expected = Instant.parse(edited);
      } catch (DateTimeParseException e) {
        assertThat(JsonSupport.parseUtc(edited)).as("seed %d: %s", seed, edited).isNull();
        assertThatThrownBy(() -> JsonSupport.parseInstant(edited)).as("seed %d: %s", seed, edited)
            .isInstanceOf(DateTimeParseException.class);
        continue;
      }
      assertThat(JsonSupport.parseInstant(edited)).as("seed %d: %s", seed, edited)
          .isEqualTo(expected);
      Instant fast = JsonSupport.parseUtc(edited);
      if (fast != null) {
        assertThat(fast).as("seed %d: %s", seed, edited).isEqualTo(expected);
      }
    }
  }

  @Test
  void aMalformedInstantInADocumentNamesItsPath() {
    ValueCodec<List<Instant>> instants = JsonSupport.list(JsonSupport.INSTANT);
    JsonCodec<List<Instant>> codec = new JsonCodec<>() {
      @Override
      public void write(JsonGenerator generator, List<Instant> value) throws IOException {
        instants.write(generator, value);
      }

      @Override
      public List<Instant> read(JsonParser parser) throws IOException {
        return instants.read(parser);
      }
    };
    byte[] json = "[\"2024-05-01T12:30:00Z\",\"2024-02-30T00:00:00Z\"]"
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonSupport.fromBytes(codec, json, JsonLimits.defaults()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessage("Cannot decode event at $[1]: expected an ISO-8601 instant, found"
            + " \"2024-02-30T00:00:00Z\" (line 1, column 25, byte 24)")
        .hasCauseInstanceOf(DateTimeParseException.class);
  }

  /** Nanoseconds of each precision {@code Instant.toString()} distinguishes, and none. */
  private int nanos() {
    switch (random.nextInt(4)) {
      case 0:
        return 0;
      case 1:
        return random.nextInt(1000) * 1_000_000;
      case 2:
        return random.nextInt(1_000_000) * 1000;
      default:
        return random.nextInt(1_000_000_000);
    }
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  /** The text {@link JsonSupport#writeInstant} writes, without the JSON string's quotes. */
  private static String written(Instant instant) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      JsonSupport.writeInstant(generator, instant);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String json = out.toString();
    assertThat(json).startsWith("\"").endsWith("\"");
    return json.substring(1, json.length() - 1);
  }
}
