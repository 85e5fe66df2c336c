package dev.herald.it.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.test.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EventRecorder}'s waits: they return as soon as the event is there, and fail in time. */
@Timeout(30)
class EventRecorderAwaitTest {

  private static final Duration LONG = Duration.ofSeconds(20);
  /**
   * What "well before LONG" means: it tells a waiter woken by its event apart from one that waited
   * out its deadline, with room for a slow machine.
   */
  private static final Duration HALF_LONG = LONG.dividedBy(2);

  private final EventBus bus = EventBus.builder().source("test").build();
  private final EventRecorder recorder = EventRecorder.attach(bus);

  @AfterEach
  void close() {
    recorder.close();
    bus.close();
  }

  @Test
  void awaitsAnEventThatAnAsyncListenerPublishes() {
    CountDownLatch go = new CountDownLatch(1);
    bus.subscribe(Ping.class, p -> {
      awaitQuietly(go);
      bus.publish(new Pong(p.n() * 10));
    }, SubscribeOptions.defaults().delivery(Delivery.ASYNC));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));
    assertThat(recorder.payloads(EventMap.TEST_PONG)).isEmpty(); // nothing yet: the wait is real
    go.countDown();

    Pong pong = recorder.await(EventMap.TEST_PONG, p -> p.n() == 20, LONG);
    assertThat(pong).isEqualTo(new Pong(20));
  }

  @Test
  void awaitCountCollectsWhatAnOrderedListenerPublishesInOrder() {
    bus.subscribe(RoomBooked.class, b -> bus.publish(new Pong((int) b.sequence())),
        SubscribeOptions.defaults().delivery(Delivery.ORDERED));

    for (int i = 0; i < 200; i++) {
      bus.publish(new RoomBooked("101", i));
    }

    List<Pong> pongs = recorder.awaitCount(EventMap.TEST_PONG, 200, LONG);
    assertThat(pongs).extracting(Pong::n).isSorted().doesNotHaveDuplicates().hasSize(200);
  }

  @Test
  void anEventRecordedBeforeTheCallCountsAtOnce() {
    bus.publish(new Ping(7));

    long start = System.nanoTime();
    assertThat(recorder.await(EventMap.TEST_PING, LONG)).isEqualTo(new Ping(7));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HALF_LONG);
  }

  @Test
  void aWaiterWakesWhenTheEventArrivesNotAtTheDeadline() throws Exception {
    CompletableFuture<Ping> waiter = CompletableFuture.supplyAsync(
        () -> recorder.await(EventMap.TEST_PING, p -> p.n() == 3, LONG));
    bus.publish(new Ping(1));
    bus.publish(new Ping(3));

    // Well before LONG: the publish signalled the waiter.
    assertThat(waiter.get(HALF_LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ping(3));
  }

  @Test
  void aWaitThatTimesOutFailsListingWhatArrived() {
    bus.publish(new Ping(1));

    long start = System.nanoTime();
    assertThatThrownBy(() -> recorder.await(EventMap.TEST_PONG, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Timed out after 200 ms awaiting test:pong; 1 event was published:
              1. test:ping Ping[n=1]""");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(HALF_LONG);
  }

  @Test
  void awaitCountSaysHowManyArrived() {
    bus.publish(new Pong(1));

    assertThatThrownBy(() -> recorder.awaitCount(EventMap.TEST_PONG, 3, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Timed out after 100 ms awaiting 3 test:pong events, but 1 arrived; 1 event was \
            published:
              1. test:pong Pong[n=1]""");
  }

  @Test
  void closingTheRecorderReleasesItsWaiters() throws Exception {
    CompletableFuture<Ping> waiter = CompletableFuture.supplyAsync(
        () -> recorder.await(EventMap.TEST_PING, LONG));
    recorder.close();

    assertThat(waiter).failsWithin(HALF_LONG)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(AssertionError.class);
  }

  @Test
  void anInterruptedWaitFailsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> recorder.await(EventMap.TEST_PING, LONG))
          .isInstanceOf(AssertionError.class)
          .hasMessage("Interrupted while awaiting test:ping");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
