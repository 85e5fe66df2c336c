package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close(): refuse new work, drain what is queued, dead-letter what misses the deadline. */
@Timeout(60)
class ShutdownTest {

  private final EventBus bus = EventBus.builder().source("test").asyncThreads(4).build();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    bus.close(Duration.ofSeconds(1));
  }

  @Test
  void aClosedBusRefusesEventsAndSubscriptionsClearly() {
    assertThat(bus.close(Duration.ofSeconds(1))).isTrue();

    assertThatThrownBy(() -> bus.publish(new Ping(1))).isInstanceOf(BusClosedException.class)
        .hasMessageContaining("'test' is closed");
    assertThatThrownBy(() -> bus.subscribe(Ping.class, p -> { }))
        .isInstanceOf(BusClosedException.class);
    assertThatThrownBy(() -> bus.subscribe("test:*", e -> { }))
        .isInstanceOf(BusClosedException.class);
    assertThatThrownBy(() -> bus.register(new TenantTest.TenantListener()))
        .isInstanceOf(BusClosedException.class);
    assertThatThrownBy(() -> bus.publishAll(List.of(new Ping(1))))
        .isInstanceOf(BusClosedException.class);
  }

  @Test
  void closeDrainsQueuedAsyncAndOrderedDeliveries() throws Exception {
    List<Long> ordered = new CopyOnWriteArrayList<>();
    List<Integer> async = new CopyOnWriteArrayList<>();
    bus.subscribe(RoomBooked.class, b -> {
      pause(5);
      ordered.add(b.sequence());
    }, SubscribeOptions.named("ordered").delivery(Delivery.ORDERED));
    bus.subscribe(Ping.class, p -> {
      pause(5);
      async.add(p.n());
    }, SubscribeOptions.named("async").delivery(Delivery.ASYNC));
    for (int i = 1; i <= 40; i++) {
      bus.publish(new RoomBooked("a", i));
      bus.publish(new Ping(i));
    }

    assertThat(bus.close(Duration.ofSeconds(20))).isTrue();

    assertThat(ordered).hasSize(40).isSorted();
    assertThat(async).hasSize(40);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void whatMissesTheDeadlineIsDeadLetteredAsShutdown() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    List<Long> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(RoomBooked.class, b -> {
      heard.add(b.sequence());
      started.countDown();
      awaitRelease();
    }, SubscribeOptions.named("stuck").delivery(Delivery.ORDERED));
    for (int i = 1; i <= 3; i++) {
      bus.publish(new RoomBooked("a", i));
    }
    Await.latch(started);

    long begin = System.nanoTime();
    boolean finished = bus.close(Duration.ofMillis(300));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    assertThat(finished).isFalse();
    assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofSeconds(5));
    List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
    assertThat(letters).hasSize(3).allSatisfy(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.SHUTDOWN);
      assertThat(letter.subscriber()).isEqualTo("stuck");
    });
    assertThat(letters).extracting(l -> ((RoomBooked) l.envelope().payload()).sequence())
        .containsExactlyInAnyOrder(1L, 2L, 3L);
    release.countDown();
    assertThat(heard).as("dead-lettered deliveries must not run as well").containsExactly(1L);
  }

  @Test
  void aRetryWaitingAtCloseIsDeadLetteredAsShutdown() throws Exception {
    CountDownLatch failedOnce = new CountDownLatch(1);
    // The bus announces the failure after it decided to retry: then the retry is waiting.
    bus.subscribe(dev.herald.runtime.events.EventMap.HERALD_DELIVERY_FAILED, f -> {
      if (f.willRetry()) {
        failedOnce.countDown();
      }
    });
    bus.subscribe(Ping.class, p -> {
      throw new IllegalStateException("try again later");
    }, SubscribeOptions.named("patient").delivery(Delivery.ASYNC).maxAttempts(3)
        .backoff(Duration.ofSeconds(30), Duration.ofSeconds(30)));
    bus.publish(new Ping(1));
    Await.latch(failedOnce);

    assertThat(bus.close(Duration.ofMillis(200))).isFalse();

    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.SHUTDOWN);
      assertThat(letter.attempts()).isEqualTo(1);
    });
  }

  @Test
  void closeWithNothingToDoReturnsAtOnce() {
    long begin = System.nanoTime();
    assertThat(bus.close(Duration.ofSeconds(30))).isTrue();
    // Far below the 30 s it was given, with room for a slow machine.
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
  }

  private void awaitRelease() {
    try {
      release.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // simulated work, not a wait for another thread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
