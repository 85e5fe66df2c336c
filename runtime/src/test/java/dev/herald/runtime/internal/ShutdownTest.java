package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.events.DeliveryFailed;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing: what finishes in time is delivered, what does not is dead-lettered as SHUTDOWN wherever
 * it waits (for a stage, in an ORDERED lane behind it, for a retry), and nothing new is taken.
 */
@Timeout(30)
class ShutdownTest {

  private static EventBus bus() {
    return EventBus.builder().source("test").discoverCatalogs(false)
        .catalogs(PipelineFixtures.CATALOG)
        .retry(new RetryPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(1), 0)).build();
  }

  private static List<DeadLetter> letters(EventBus bus, DeadLetter.Reason reason) {
    return bus.deadLetters().list(DeadLetterQuery.all()).stream()
        .filter(letter -> letter.reason() == reason).toList();
  }

  @Test
  void aDrainedBusClosesCleanly() {
    EventBus bus = bus();
    CompletableFuture<Void> stage = new CompletableFuture<>();
    bus.subscribeAsync(PING, ping -> stage, SubscribeOptions.named("a").delivery(Delivery.ASYNC));
    bus.publish(new Ping(1));
    stage.complete(null);

    assertThat(bus.close(Duration.ofSeconds(10))).isTrue();
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void whatIsUnfinishedAtTheTimeoutIsDeadLetteredWhereverItWaits() throws Exception {
    EventBus bus = bus();
    bus.subscribeAsync(PING, ping -> new CompletableFuture<Void>(),
        SubscribeOptions.named("stuck").delivery(Delivery.ORDERED));
    bus.subscribe(Ping.class, ping -> {
      throw new IllegalStateException("retried in a minute");
    }, SubscribeOptions.named("retrying").delivery(Delivery.ASYNC));
    CountDownLatch failedOnce = new CountDownLatch(2);
    bus.subscribe(DeliveryFailed.class, failed -> failedOnce.countDown());
    bus.publish(new Ping(1));
    bus.publish(new Ping(2)); // queued in the lane behind the first
    assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue(); // both wait for their retry

    assertThat(bus.close(Duration.ofMillis(200))).isFalse();

    List<DeadLetter> shutdown = letters(bus, DeadLetter.Reason.SHUTDOWN);
    assertThat(shutdown).extracting(DeadLetter::subscriber)
        .containsExactlyInAnyOrder("stuck", "stuck", "retrying", "retrying");
    assertThatThrownBy(() -> bus.publish(new Ping(3))).isInstanceOf(BusClosedException.class);
  }
}
