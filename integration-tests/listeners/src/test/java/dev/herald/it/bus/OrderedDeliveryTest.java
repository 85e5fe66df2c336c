package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ORDERED delivery: first-in first-out per ordering key, in parallel across keys. */
@Timeout(60)
class OrderedDeliveryTest {

  private final EventBus bus = EventBus.builder().source("test").asyncThreads(4).build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  /** Records, per ordering key, the sequences in the order the listener saw them. */
  static final class LaneChecker {
    final Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    final Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger total = new AtomicInteger();

    void on(RoomBooked booking) {
      AtomicBoolean lane = busy.computeIfAbsent(booking.roomId(), k -> new AtomicBoolean());
      if (!lane.compareAndSet(false, true)) {
        violations.add("two deliveries of " + booking.roomId() + " ran at once");
      }
      List<Long> sequences = seen.computeIfAbsent(booking.roomId(), k -> new ArrayList<>());
      synchronized (sequences) {
        if (!sequences.isEmpty() && sequences.get(sequences.size() - 1) >= booking.sequence()) {
          violations.add(booking.roomId() + " saw " + booking.sequence() + " after "
              + sequences.get(sequences.size() - 1));
        }
        sequences.add(booking.sequence());
      }
      total.incrementAndGet();
      lane.set(false);
    }
  }

  @Test
  void eachKeysEventsArriveInPublishOrderUnderLoad() throws Exception {
    int keys = 8;
    int perKey = 2_000;
    int publishers = 4; // each owns two keys and interleaves them
    LaneChecker checker = new LaneChecker();
    bus.subscribe(RoomBooked.class, checker::on,
        SubscribeOptions.named("lanes").delivery(Delivery.ORDERED));

    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        int publisher = p;
        done.add(pool.submit(() -> {
          for (int seq = 1; seq <= perKey; seq++) {
            for (int k = publisher; k < keys; k += publishers) {
              bus.publish(new RoomBooked("room-" + k, seq));
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Await.idle(bus);

    assertThat(checker.violations).isEmpty();
    assertThat(checker.total).hasValue(keys * perKey);
    assertThat(checker.seen).hasSize(keys);
    checker.seen.values().forEach(seqs -> assertThat(seqs).hasSize(perKey));
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void differentKeysRunAtTheSameTime() throws Exception {
    CountDownLatch bStarted = new CountDownLatch(1);
    List<String> outcome = new CopyOnWriteArrayList<>();
    bus.subscribe(RoomBooked.class, booking -> {
      if (booking.roomId().equals("a")) {
        // Room a waits for room b to start: serialised keys would never get there.
        try {
          boolean sawB = bStarted.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
          outcome.add(sawB ? "a saw b running" : "a timed out");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        outcome.add("b done");
        bStarted.countDown();
      }
    }, SubscribeOptions.named("parallel").delivery(Delivery.ORDERED).maxAttempts(1));

    bus.publish(new RoomBooked("a", 1));
    bus.publish(new RoomBooked("b", 1));

    Await.idle(bus);
    assertThat(outcome).containsExactly("b done", "a saw b running");
  }

  @Test
  void oneKeysNextEventWaitsForTheOneBefore() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> log = new CopyOnWriteArrayList<>();
    bus.subscribe(RoomBooked.class, booking -> {
      log.add("start " + booking.sequence());
      if (booking.sequence() == 1) {
        firstStarted.countDown();
        try {
          releaseFirst.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      log.add("end " + booking.sequence());
    }, SubscribeOptions.named("serial").delivery(Delivery.ORDERED));

    bus.publish(new RoomBooked("a", 1));
    bus.publish(new RoomBooked("a", 2));
    Await.latch(firstStarted);
    // With four idle executor threads, a second delivery of room a would start now if allowed.
    assertThat(bus.awaitIdle(Duration.ofMillis(100))).isFalse();
    assertThat(log).containsExactly("start 1");

    releaseFirst.countDown();
    Await.idle(bus);
    assertThat(log).containsExactly("start 1", "end 1", "start 2", "end 2");
  }

  @Test
  void eventsWithoutAnOrderingKeyAreOrderedByType() throws Exception {
    LaneChecker checker = new LaneChecker();
    // Ping has no @OrderingKey: all pings share one lane.
    bus.subscribe(Ping.class, p -> checker.on(new RoomBooked("ping", p.n())),
        SubscribeOptions.named("pings").delivery(Delivery.ORDERED));
    for (int i = 1; i <= 2_000; i++) {
      bus.publish(new Ping(i));
    }
    Await.idle(bus);
    assertThat(checker.violations).isEmpty();
    assertThat(checker.total).hasValue(2_000);
  }

  @Test
  void aCompletionStageHoldsItsKeysLaneUntilItCompletes() throws Exception {
    Map<Long, CompletableFuture<Void>> stages = new ConcurrentHashMap<>();
    List<String> calls = new CopyOnWriteArrayList<>();
    CountDownLatch firstCalled = new CountDownLatch(1);
    CountDownLatch otherKeyCalled = new CountDownLatch(1);
    bus.subscribeAsync(EventMap.ROOM_BOOKED, booking -> {
      calls.add(booking.roomId() + booking.sequence());
      if (booking.roomId().equals("b")) {
        otherKeyCalled.countDown();
        return CompletableFuture.completedFuture(null);
      }
      if (booking.sequence() == 1) {
        firstCalled.countDown();
      }
      return stages.computeIfAbsent(booking.sequence(), k -> new CompletableFuture<>());
    }, SubscribeOptions.named("stages").delivery(Delivery.ORDERED));

    bus.publish(new RoomBooked("a", 1));
    bus.publish(new RoomBooked("a", 2));
    bus.publish(new RoomBooked("b", 1));
    Await.latch(firstCalled);
    Await.latch(otherKeyCalled); // another key is not held up by a's pending stage
    assertThat(bus.awaitIdle(Duration.ofMillis(100))).isFalse();
    assertThat(calls).containsExactlyInAnyOrder("a1", "b1");

    stages.get(1L).complete(null);
    Await.until("a2 is called", () -> calls.contains("a2"));
    stages.get(2L).complete(null);
    Await.idle(bus);
    assertThat(calls).containsSubsequence("a1", "a2");
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void aStageThatOutlivesItsTimeoutIsAFailureAndReleasesTheLane() throws Exception {
    List<Long> calls = new CopyOnWriteArrayList<>();
    bus.subscribeAsync(EventMap.ROOM_BOOKED, booking -> {
      calls.add(booking.sequence());
      return booking.sequence() == 1
          ? new CompletableFuture<Void>() // never completes
          : CompletableFuture.completedFuture(null);
    }, SubscribeOptions.named("slowpoke").delivery(Delivery.ORDERED)
        .timeout(Duration.ofMillis(100)).maxAttempts(2)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(10)));

    long start = System.nanoTime();
    bus.publish(new RoomBooked("a", 1));
    bus.publish(new RoomBooked("a", 2));
    Await.idle(bus);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(calls).containsExactly(1L, 1L, 2L); // two attempts of 1, then 2 gets the lane
    assertThat(bus.deadLetters().list(DeadLetterQuery.all().subscriber("slowpoke")))
        .singleElement()
        .satisfies(letter -> {
          assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
          assertThat(letter.attempts()).isEqualTo(2);
          assertThat(letter.errorType()).isEqualTo(TimeoutException.class.getName());
          assertThat(((RoomBooked) letter.envelope().payload()).sequence()).isEqualTo(1);
        });
  }

  static final class TimedListener {
    final List<Long> calls = new CopyOnWriteArrayList<>();

    @Subscribe(delivery = Delivery.ORDERED, timeoutMillis = 100, maxAttempts = 1)
    CompletionStage<Void> booked(RoomBooked booking) {
      calls.add(booking.sequence());
      return new CompletableFuture<>(); // never completes
    }
  }

  @Test
  void theAnnotationsTimeoutCountsAsAFailureToo() throws Exception {
    TimedListener listener = new TimedListener();
    bus.register(listener);

    bus.publish(new RoomBooked("a", 1));
    bus.publish(new RoomBooked("a", 2));
    Await.idle(bus);

    assertThat(listener.calls).containsExactly(1L, 2L);
    List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all().type("room:booked"));
    assertThat(letters).hasSize(2).allSatisfy(letter -> {
      assertThat(letter.subscriber()).isEqualTo("TimedListener.booked(RoomBooked)");
      assertThat(letter.errorType()).isEqualTo(TimeoutException.class.getName());
      assertThat(letter.attempts()).isEqualTo(1);
    });
  }
}
