package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.observability.MetricsSnapshot.Counts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Batch listeners: delivered when full, when the first event has waited the maximum wait, and on
 * close; retried as a batch and dead-lettered event by event; ORDERED batches one at a time in
 * publish order; and under four publishing threads and a close, no event lost or delivered twice.
 */
@Timeout(60)
class BatchListenerTest {

  private EventBus bus = EventBus.builder().source("test")
      .retry(RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
      .build();
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  final class Store {
    /** A wait long enough that a slow machine fills the full batches before it expires. */
    @Subscribe(batchSize = 5, maxWaitMillis = 500)
    void append(List<Ping> pings) {
      batches.add(pings.stream().map(Ping::n).toList());
    }
  }

  @Test
  void fullBatchesGoAtOnceAndThePartialOneWhenItsFirstEventHasWaited() throws Exception {
    bus.register(new Store());

    for (int i = 1; i <= 12; i++) {
      bus.publish(new Ping(i));
    }
    Await.until("three batches", () -> batches.size() == 3);
    Await.idle(bus);

    assertThat(batches).as("ASYNC batches may run in parallel, each in publish order")
        .containsExactlyInAnyOrder(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10),
            List.of(11, 12));
    Counts counts = bus.metrics().snapshot().type("test:ping");
    assertThat(counts.delivered()).isEqualTo(12);
    assertThat(counts.pending()).isZero();
  }

  @Test
  void closeDeliversTheBatchBeingFilledAtOnce() {
    bus.subscribeBatch(EventMap.TEST_PING, pings -> batches.add(pings.stream().map(Ping::n)
        .toList()), SubscribeOptions.named("slow-store").batch(100, Duration.ofMinutes(1)));
    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    assertThat(bus.close(Duration.ofSeconds(5))).as("drained within the timeout").isTrue();

    assertThat(batches).containsExactly(List.of(1, 2));
  }

  final class Rooms {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final List<RoomBooked> seen = new CopyOnWriteArrayList<>();

    @Subscribe(batchSize = 7, maxWaitMillis = 5, delivery = Delivery.ORDERED)
    void book(List<Envelope<RoomBooked>> batch) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      batch.forEach(e -> seen.add(e.payload()));
      running.decrementAndGet();
    }
  }

  @Test
  void orderedBatchesRunOneAtATimeAndKeepEachKeysOrder() throws Exception {
    Rooms rooms = new Rooms();
    bus.register(rooms);

    for (int i = 0; i < 400; i++) {
      bus.publish(new RoomBooked("room-" + (i % 4), i));
    }
    Await.idle(bus);

    assertThat(rooms.seen).hasSize(400);
    Map<String, Long> last = new HashMap<>();
    for (RoomBooked booked : rooms.seen) {
      Long before = last.put(booked.roomId(), booked.sequence());
      assertThat(before == null || before < booked.sequence())
          .as("%s after %s", booked, before).isTrue();
    }
    assertThat(rooms.mostAtOnce).hasValue(1);
  }

  @Test
  void aFailedBatchIsRetriedWholeThenItsEventsAreDeadLetteredOneByOne() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    bus.subscribeBatch(EventMap.TEST_PING, pings -> {
      attempts.incrementAndGet();
      batches.add(pings.stream().map(Ping::n).toList());
      throw new IllegalStateException("store down");
    }, SubscribeOptions.named("store").batch(3, Duration.ofMinutes(1)).maxAttempts(2));

    for (int i = 1; i <= 3; i++) {
      bus.publish(new Ping(i));
    }
    Await.idle(bus);

    assertThat(batches).containsExactly(List.of(1, 2, 3), List.of(1, 2, 3));
    List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
    assertThat(letters).hasSize(3).allSatisfy(letter -> {
      assertThat(letter.subscriber()).isEqualTo("store");
      assertThat(letter.attempts()).isEqualTo(2);
      assertThat(letter.errorMessage()).isEqualTo("store down");
    });
    assertThat(letters).extracting(l -> ((Ping) l.envelope().payload()).n())
        .containsExactlyInAnyOrder(1, 2, 3);
    Counts counts = bus.metrics().snapshot().type("test:ping");
    assertThat(counts.failed()).isEqualTo(6);
    assertThat(counts.retried()).isEqualTo(3);
    assertThat(counts.deadLettered()).isEqualTo(3);

    // A replayed letter is delivered alone, as a batch of one (which fails again here).
    bus.replay(letters.get(0));
    assertThat(batches.get(2)).hasSize(1);
  }

  @Test
  void aBatchIsOnlyForBatchHandlers() {
    assertThatThrownBy(() -> bus.subscribeBatch(EventMap.TEST_PING, pings -> { },
        SubscribeOptions.named("no-batch")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch(size, maxWait)");
    assertThatThrownBy(() -> bus.subscribe(Ping.class, p -> { },
        SubscribeOptions.named("single").batch(10, Duration.ofMillis(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Batches are for subscribeBatch");
  }

  /** What four publishing threads got accepted before a close stopped them. */
  private Set<Integer> publishFromFourThreadsThenClose(Duration closeTimeout,
      boolean[] drained) throws InterruptedException {
    int publishers = 4;
    List<List<Integer>> accepted = new ArrayList<>();
    CountDownLatch underWay = new CountDownLatch(1);
    AtomicInteger total = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < publishers; t++) {
      List<Integer> mine = new ArrayList<>();
      accepted.add(mine);
      int base = t * 1_000_000;
      Thread publisher = new Thread(() -> {
        try {
          for (int i = 0; i < 20_000; i++) {
            bus.publish(new Ping(base + i));
            mine.add(base + i); // accepted: publish returned
            if (total.incrementAndGet() == 2_000) { // below the queue's capacity of 4,096
              underWay.countDown();
            }
          }
        } catch (BusClosedException closed) {
          // the close below stops every publisher
        } finally {
          underWay.countDown();
        }
      }, "publisher-" + t);
      threads.add(publisher);
      publisher.start();
    }
    Await.latch(underWay);
    drained[0] = bus.close(closeTimeout);
    for (Thread thread : threads) {
      thread.join(Await.PATIENCE.toMillis());
      assertThat(thread.isAlive()).isFalse();
    }
    Set<Integer> all = new HashSet<>();
    accepted.forEach(all::addAll);
    assertThat(all).hasSizeGreaterThanOrEqualTo(2_000);
    return all;
  }

  @Test
  void fourPublishersAndACloseNeitherLoseNorDuplicateAnEvent() throws Exception {
    // A small queue holds the publishers back, so that the close comes while they publish.
    bus = EventBus.builder().source("stress").queueCapacity(4_096).build();
    List<Integer> delivered = new CopyOnWriteArrayList<>();
    bus.subscribeBatch(EventMap.TEST_PING, pings -> pings.forEach(p -> delivered.add(p.n())),
        SubscribeOptions.named("stress-store").batch(64, Duration.ofMillis(2)));

    boolean[] drained = new boolean[1];
    Set<Integer> accepted = publishFromFourThreadsThenClose(Duration.ofSeconds(20), drained);

    assertThat(drained[0]).as("every accepted event delivered before the timeout").isTrue();
    assertThat(new HashSet<>(delivered)).as("nothing lost").isEqualTo(accepted);
    assertThat(delivered).as("nothing twice").hasSameSizeAs(accepted);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void aCloseThatTimesOutDeadLettersEveryEventItsBatchesStillHoldOnce() throws Exception {
    bus = EventBus.builder().source("stress").queueCapacity(4_096)
        .deadLetters(DeadLetterStore.inMemory(100_000)).build();
    List<Integer> delivered = new CopyOnWriteArrayList<>();
    CountDownLatch closed = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    bus.subscribeBatch(EventMap.TEST_PING, pings -> {
      running.incrementAndGet();
      try {
        closed.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS); // a store that hangs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pings.forEach(p -> delivered.add(p.n()));
      running.decrementAndGet();
    }, SubscribeOptions.named("hung-store").batch(64, Duration.ofMillis(2)).concurrency(1));

    boolean[] drained = new boolean[1];
    Set<Integer> accepted = publishFromFourThreadsThenClose(Duration.ofMillis(100), drained);
    closed.countDown();
    Await.until("the batch running at close returned", () -> running.get() == 0);

    assertThat(drained[0]).as("the hung store cannot keep up").isFalse();
    List<Integer> deadLettered = bus.deadLetters().list(DeadLetterQuery.all().limit(100_000))
        .stream()
        .map(letter -> ((Ping) letter.envelope().payload()).n()).toList();
    Set<Integer> settled = new HashSet<>(delivered);
    settled.addAll(deadLettered);
    Set<Integer> lost = new HashSet<>(accepted);
    lost.removeAll(settled);
    assertThat(lost).as("lost").isEmpty();
    assertThat(settled).as("each accepted event delivered or dead-lettered").isEqualTo(accepted);
    assertThat(delivered).as("none delivered twice").doesNotHaveDuplicates();
    assertThat(deadLettered).as("none dead-lettered twice").doesNotHaveDuplicates()
        .isNotEmpty();
  }
}
