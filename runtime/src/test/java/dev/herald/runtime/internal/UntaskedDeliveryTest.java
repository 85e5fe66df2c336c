package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import dev.herald.runtime.observability.EventSeries;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain ASYNC deliveries, which cross to the bus's workers without a task: each reaches exactly
 * one outcome, counted exactly, when close races them running, failing, returning stages or
 * waiting in the queue; a failed first attempt is retried as ever.
 */
@Timeout(60)
class UntaskedDeliveryTest {

  private static final String SOURCE = "untasked";

  private static EventBus bus(DeadLetterStore letters, RetryPolicy retry) {
    return EventBus.builder().source(SOURCE).discoverCatalogs(false)
        .catalogs(PipelineFixtures.CATALOG).asyncThreads(2).deadLetters(letters).retry(retry)
        .build();
  }

  private static EventSeries series(EventBus bus) {
    return bus.metrics().series().stream()
        .filter(s -> s.eventType().equals(PING.name())).findFirst().orElseThrow();
  }

  /** Ends once every worker of the bus has ended (after close), within a deadline. */
  private static void awaitWorkersEnded() throws InterruptedException {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("herald-" + SOURCE + "-async")) {
        thread.join(10_000);
        assertThat(thread.isAlive()).as("%s ended after close", thread).isFalse();
      }
    }
  }

  /** Busy for a few microseconds, so that close finds deliveries running. */
  private static void work(int n) {
    long until = System.nanoTime() + (n % 5) * 2_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private static boolean failing(int n) {
    return n % 50 == 7;
  }

  @RepeatedTest(10)
  void closeRacingRunningFailingAndStagedDeliveriesSettlesEachExactlyOnce() throws Exception {
    int count = 3_000;
    DeadLetterStore letters = DeadLetterStore.inMemory(count * 2);
    EventBus bus = bus(letters, RetryPolicy.none());
    AtomicIntegerArray invoked = new AtomicIntegerArray(count);
    bus.subscribeAsync(PING, ping -> {
      int n = ping.n();
      invoked.incrementAndGet(n);
      work(n);
      if (failing(n)) {
        throw new IllegalStateException("failed " + n); // a task takes over, dead-letters it
      }
      // A stage makes a task take over too.
      return n % 2 == 0 ? CompletableFuture.completedFuture(null) : null;
    }, SubscribeOptions.named("racer").delivery(Delivery.ASYNC));
    Map<String, Integer> byId = new HashMap<>();
    for (int n = 0; n < count; n++) {
      Envelope<Ping> envelope = bus.publish(new Ping(n));
      byId.put(envelope.id(), n);
    }
    bus.close(Duration.ofMillis(1));
    awaitWorkersEnded();

    int[] letterCount = new int[count];
    DeadLetter.Reason[] reason = new DeadLetter.Reason[count];
    List<DeadLetter> all = letters.list(DeadLetterQuery.all().limit(count * 2));
    for (DeadLetter letter : all) {
      int n = byId.get(letter.envelope().id());
      letterCount[n]++;
      reason[n] = letter.reason();
    }
    int delivered = 0;
    for (int n = 0; n < count; n++) {
      assertThat(invoked.get(n)).as("attempts of %s", n).isLessThanOrEqualTo(1);
      assertThat(letterCount[n]).as("dead letters of %s", n).isLessThanOrEqualTo(1);
      if (invoked.get(n) == 0) {
        assertThat(reason[n]).as("outcome of %s, never attempted", n)
            .isEqualTo(DeadLetter.Reason.SHUTDOWN);
      } else if (failing(n)) {
        assertThat(reason[n]).as("outcome of %s, which failed", n).isNotNull();
      } else if (letterCount[n] == 0) {
        delivered++;
      }
    }
    EventSeries series = series(bus);
    assertThat(series.delivered()).as("delivered").isEqualTo(delivered);
    assertThat(series.deadLettered()).as("dead-lettered").isEqualTo(all.size());
    assertThat(series.delivered() + series.deadLettered()).isEqualTo(count);
    assertThat(series.pending()).as("pending").isZero();
    assertThat(series.running()).as("running").isZero();
    assertThat(bus.metrics().queueDepth()).as("queue depth").isZero();
  }

  @Test
  void aFailedFirstAttemptIsRetriedAndCountedOnce() throws Exception {
    int count = 200;
    DeadLetterStore letters = DeadLetterStore.inMemory(count);
    EventBus bus = bus(letters,
        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 0));
    AtomicIntegerArray attempts = new AtomicIntegerArray(count);
    bus.subscribe(Ping.class, ping -> {
      if (attempts.incrementAndGet(ping.n()) == 1) {
        throw new IllegalStateException("first attempt of " + ping.n());
      }
    }, SubscribeOptions.named("flaky").delivery(Delivery.ASYNC));
    for (int n = 0; n < count; n++) {
      bus.publish(new Ping(n));
    }
    assertThat(bus.awaitIdle(Duration.ofSeconds(20))).isTrue();

    for (int n = 0; n < count; n++) {
      assertThat(attempts.get(n)).as("attempts of %s", n).isEqualTo(2);
    }
    EventSeries series = series(bus);
    assertThat(series.delivered()).isEqualTo(count);
    assertThat(series.failed()).isEqualTo(count);
    assertThat(series.retried()).isEqualTo(count);
    assertThat(series.pending()).isZero();
    assertThat(letters.count(DeadLetterQuery.all())).isZero();
    assertThat(bus.close(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aStageThatNeverCompletesIsDeadLetteredAtClose() throws Exception {
    DeadLetterStore letters = DeadLetterStore.inMemory(10);
    EventBus bus = bus(letters, RetryPolicy.none());
    CompletableFuture<Void> never = new CompletableFuture<>();
    bus.subscribeAsync(PING, ping -> never,
        SubscribeOptions.named("hanging").delivery(Delivery.ASYNC));
    bus.publish(new Ping(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (series(bus).running() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(series(bus).running()).as("waiting for its stage").isEqualTo(1);

    assertThat(bus.close(Duration.ofMillis(50))).isFalse();
    assertThat(letters.list(DeadLetterQuery.all())).extracting(DeadLetter::reason)
        .containsExactly(DeadLetter.Reason.SHUTDOWN);
    assertThat(series(bus).pending()).isZero();
  }
}
