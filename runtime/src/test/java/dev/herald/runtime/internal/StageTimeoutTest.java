package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The timeout of a listener's stage, on each path that calls a listener: an asynchronous attempt
 * and a replay obey the subscription's; a SYNC subscription takes none, and the publisher does not
 * wait for its stage, whose failure is still the delivery's.
 */
@Timeout(30)
class StageTimeoutTest {

  private final EventBus bus = EventBus.builder().source("test").discoverCatalogs(false)
      .catalogs(PipelineFixtures.CATALOG).retry(RetryPolicy.none()).build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  private List<DeadLetter> letters() {
    return bus.deadLetters().list(DeadLetterQuery.all());
  }

  @Test
  void anAttemptAndAReplayBothFailWhenTheStageOutlivesTheTimeout() throws Exception {
    bus.subscribeAsync(PING, ping -> new CompletableFuture<Void>(),
        SubscribeOptions.named("slow").delivery(Delivery.ASYNC).timeout(Duration.ofMillis(50)));

    bus.publish(new Ping(1));

    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    DeadLetter letter = letters().get(0);
    assertThat(letter.subscriber()).isEqualTo("slow");
    assertThat(letter.errorType()).isEqualTo(TimeoutException.class.getName());
    assertThat(letter.attempts()).isEqualTo(1);

    assertThat(bus.replay(letter)).isFalse(); // within the timeout, not forever

    assertThat(letters()).singleElement().satisfies(again -> {
      assertThat(again.attempts()).isEqualTo(2);
      assertThat(again.errorType()).isEqualTo(TimeoutException.class.getName());
    });
  }

  @Test
  void aReplayWaitsForAStageThatCompletesInTime() throws Exception {
    CompletableFuture<Void> first = CompletableFuture.failedFuture(new IllegalStateException("x"));
    List<CompletableFuture<Void>> stages = new java.util.concurrent.CopyOnWriteArrayList<>(
        List.of(first, CompletableFuture.completedFuture(null)));
    bus.subscribeAsync(PING, ping -> stages.remove(0),
        SubscribeOptions.named("flaky").delivery(Delivery.ASYNC).timeout(Duration.ofSeconds(10)));
    bus.publish(new Ping(1));
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(bus.replay(letters().get(0))).isTrue();

    assertThat(letters()).isEmpty();
  }

  @Test
  void aSyncSubscriptionTakesNoTimeout() {
    assertThatThrownBy(() -> SubscribeOptions.named("sync").timeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot apply to SYNC delivery");
  }

  @Test
  void thePublisherDoesNotWaitForASyncStageWhoseFailureIsStillTheDeliverys() throws Exception {
    CompletableFuture<Void> stage = new CompletableFuture<>();
    bus.subscribeAsync(PING, ping -> stage, SubscribeOptions.named("sync-stage"));

    bus.publish(new Ping(1)); // returns with the stage pending
    assertThat(stage).isNotDone();
    assertThat(letters()).isEmpty();
    stage.completeExceptionally(new IllegalStateException("late failure"));

    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.subscriber()).isEqualTo("sync-stage");
      assertThat(letter.errorMessage()).isEqualTo("late failure");
    });
  }
}
