package dev.herald.processor.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.processor.codegen.json.JsonType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The patterns the schemas give {@code OffsetDateTime}, {@code LocalDateTime} and {@code Duration}
 * accept what their {@code toString()} writes (the codecs write exactly that), including the forms
 * RFC 3339 formats refuse, and refuse other text.
 */
class TimePatternsTest {

  private static final ValueSchemas VALUES = new ValueSchemas(type -> List.of(), type -> "#");

  @Test
  void offsetDateTimes() {
    Pattern pattern = patternOf("OFFSET_DATE_TIME");
    LocalDateTime noon = LocalDateTime.of(2024, 5, 1, 12, 30);

    assertMatches(pattern, OffsetDateTime::toString,
        OffsetDateTime.of(noon, ZoneOffset.ofHours(2)),                      // 12:30+02:00
        OffsetDateTime.of(noon.withSecond(5), ZoneOffset.UTC),               // 12:30:05Z
        OffsetDateTime.of(noon.withNano(123_000_000), ZoneOffset.ofHoursMinutes(-5, -30)),
        OffsetDateTime.of(noon.withNano(1), ZoneOffset.ofTotalSeconds(3_601)),
        OffsetDateTime.of(noon.withYear(12_024), ZoneOffset.UTC));           // +12024-...
    assertThat(pattern.matcher("2024-05-01 12:30+02:00").matches()).isFalse();
    assertThat(pattern.matcher("2024-05-01T12:30").matches()).isFalse();
  }

  @Test
  void localDateTimes() {
    Pattern pattern = patternOf("LOCAL_DATE_TIME");

    assertMatches(pattern, LocalDateTime::toString,
        LocalDateTime.of(2024, 5, 1, 12, 30),
        LocalDateTime.of(2024, 5, 1, 12, 30, 5, 120_000_000),
        LocalDateTime.of(-44, 3, 15, 0, 0));
    assertThat(pattern.matcher("2024-05-01T12:30Z").matches()).isFalse();
  }

  @Test
  void durations() {
    Pattern pattern = patternOf("DURATION");

    assertMatches(pattern, Duration::toString,
        Duration.ZERO, Duration.ofMinutes(90), Duration.ofMillis(-1_500),
        Duration.ofDays(400).plusNanos(1), Duration.ofHours(-3).minusMinutes(2));
    assertThat(pattern.matcher("P1D").matches()).isFalse();
    assertThat(pattern.matcher("90 minutes").matches()).isFalse();
  }

  @SafeVarargs
  private static <T> void assertMatches(Pattern pattern, Function<T, String> writer, T... values) {
    for (T value : values) {
      assertThat(pattern.matcher(writer.apply(value)).matches())
          .as(writer.apply(value) + " against " + pattern).isTrue();
    }
  }

  private static Pattern patternOf(String builtin) {
    Object pattern = VALUES.of(new JsonType.Builtin(builtin)).get("pattern");
    assertThat(pattern).as(builtin).isInstanceOf(String.class);
    return Pattern.compile((String) pattern);
  }
}
