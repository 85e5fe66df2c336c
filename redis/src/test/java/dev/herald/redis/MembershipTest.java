package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A consumer that reads many streams because nobody chose its events is told how to choose. */
class MembershipTest {

  private static Membership reading(int streams) {
    return new Membership("billing", "billing-1@host",
        IntStream.range(0, streams).mapToObj(n -> "hotel:stream:event" + n).toList());
  }

  @Test
  void aConsumerOfManyStreamsByDefaultIsWarnedWithTheFix() {
    String warning = reading(Membership.MANY_STREAMS + 1).manyStreamsWarning(false);

    assertThat(warning)
        .contains("consumer billing-1@host of group billing reads 65 streams")
        .contains("Every XREADGROUP names them all")
        .contains("carries(\"task:*\", ...)").contains("consumes(...)");
  }

  @Test
  void aConsumerOfFewStreamsOrOfChosenEventsIsNotWarned() {
    assertThat(reading(Membership.MANY_STREAMS).manyStreamsWarning(false)).isNull();
    assertThat(reading(500).manyStreamsWarning(true)).as("events chosen").isNull();
    assertThat(new Membership("g", "c", List.of()).manyStreamsWarning(false)).isNull();
  }
}
