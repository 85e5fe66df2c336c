package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-subscriber concurrency: at most n deliveries of an ASYNC subscriber in progress at once, on a
 * bus with more threads than that, each from its first attempt to its outcome.
 */
@Timeout(60)
class ConcurrencyLimitTest {

  private final EventBus bus = EventBus.builder().source("test").asyncThreads(6).build();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final Semaphore go = new Semaphore(0);
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    go.release(1_000);
    bus.close(Duration.ofSeconds(5));
  }

  /** Holds each delivery until the test lets one go. */
  final class Mailer {
    @Subscribe(delivery = Delivery.ASYNC, concurrency = 2)
    void send(Ping ping) throws InterruptedException {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        if (!go.tryAcquire(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("never let go");
        }
        heard.add("mail " + ping.n());
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void anAnnotatedLimitKeepsAtMostThatManyDeliveriesRunningUntilEveryOneIsDone()
      throws Exception {
    bus.register(new Mailer());

    for (int i = 1; i <= 12; i++) {
      bus.publish(new Ping(i));
    }
    for (int released = 0; released < 12; released++) {
      int left = 12 - released;
      Await.until("min(2, " + left + ") deliveries running",
          () -> running.get() == Math.min(2, left));
      go.release();
    }
    Await.idle(bus);

    assertThat(heard).hasSize(12);
    assertThat(mostAtOnce).as("six threads, but a limit of two").hasValue(2);
  }

  @Test
  void aDeliveryKeepsItsPermitThroughItsRetries() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    bus.subscribe(Ping.class, p -> {
      heard.add(p.n() + " starts");
      if (p.n() == 1 && attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
    }, SubscribeOptions.named("one-at-a-time").delivery(Delivery.ASYNC).concurrency(1)
        .maxAttempts(2).backoff(Duration.ofMillis(50), Duration.ofMillis(50)));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));
    Await.idle(bus);

    assertThat(heard).containsExactly("1 starts", "1 starts", "2 starts");
  }

  @Test
  void closeDeadLettersTheDeliveriesWaitingForAPermit() throws Exception {
    bus.register(new Mailer());
    for (int i = 1; i <= 5; i++) {
      bus.publish(new Ping(i));
    }
    Await.until("two deliveries running", () -> running.get() == 2);

    assertThat(bus.close(Duration.ofMillis(100))).isFalse();

    List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
    assertThat(letters).hasSize(5).allSatisfy(letter ->
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.SHUTDOWN));
  }

  @Test
  void aLimitIsForAsyncSubscriptionsOnly() {
    assertThatThrownBy(() -> SubscribeOptions.defaults().concurrency(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("choose delivery(Delivery.ASYNC) first");
    assertThatThrownBy(() -> SubscribeOptions.defaults().delivery(Delivery.ASYNC).concurrency(2)
        .delivery(Delivery.ORDERED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ORDERED one delivery per ordering key");
    assertThatThrownBy(() -> SubscribeOptions.defaults().delivery(Delivery.ASYNC).concurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
