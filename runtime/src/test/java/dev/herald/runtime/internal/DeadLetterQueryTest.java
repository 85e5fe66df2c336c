package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The filters and the paging every dead-letter store applies (here, beside the pipeline's
 * fixtures, for their event type {@code test:ping}).
 */
class DeadLetterQueryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void filtersByTypePatternSubscriberAndLastFailure() {
    DeadLetter letter = letter("dlq_1", "charge", T0.plusSeconds(60));

    assertThat(DeadLetterQuery.all().matches(letter)).isTrue();
    assertThat(DeadLetterQuery.all().type("test:*").matches(letter)).isTrue();
    assertThat(DeadLetterQuery.all().type("test:pong").matches(letter)).isFalse();
    assertThat(DeadLetterQuery.all().subscriber("charge").matches(letter)).isTrue();
    assertThat(DeadLetterQuery.all().subscriber("refund").matches(letter)).isFalse();
    assertThat(DeadLetterQuery.all().since(T0.plusSeconds(60)).matches(letter))
        .as("since is inclusive").isTrue();
    assertThat(DeadLetterQuery.all().since(T0.plusSeconds(61)).matches(letter)).isFalse();
  }

  @Test
  void theTypeFilterAloneJudgesAnEventName() {
    assertThat(DeadLetterQuery.all().matchesType("job:queued")).isTrue();
    assertThat(DeadLetterQuery.all().type("job:*").matchesType("job:queued")).isTrue();
    assertThat(DeadLetterQuery.all().type("job:*").matchesType("room:booked")).isFalse();
  }

  @Test
  void aPagePassesOverTheOffsetAndStopsAtTheLimit() {
    DeadLetterQuery query = DeadLetterQuery.all().offset(2).limit(3);
    DeadLetterQuery.Page page = query.newPage();
    List<Boolean> wantsMore = new ArrayList<>();

    for (int i = 1; i <= 5; i++) {
      wantsMore.add(page.offer(letter("dlq_" + i, "charge", T0)));
    }

    assertThat(page.letters()).extracting(DeadLetter::id)
        .containsExactly("dlq_3", "dlq_4", "dlq_5");
    assertThat(wantsMore).containsExactly(true, true, true, true, false);
  }

  @Test
  void aPageOfFewerLettersThanItsLimitKeepsThemAll() {
    DeadLetterQuery.Page page = DeadLetterQuery.all().offset(1).newPage();

    assertThat(page.offer(letter("dlq_1", "charge", T0))).isTrue();
    assertThat(page.offer(letter("dlq_2", "charge", T0))).isTrue();

    assertThat(page.letters()).extracting(DeadLetter::id).containsExactly("dlq_2");
  }

  private static DeadLetter letter(String id, String subscriber, Instant last) {
    return new DeadLetter(id, ping(1), subscriber, DeadLetter.Reason.FAILED, "E", "boom", null, 1,
        T0, last);
  }
}
