package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads publish while others subscribe and cancel: stable subscribers see every event exactly
 * once, and ORDERED ones in order per key.
 */
@Timeout(60)
class ConcurrencyStressTest {

  private static final int PUBLISHERS = 6;
  private static final int PER_PUBLISHER = 3_000;
  private static final int CHURNERS = 3;

  private final EventBus bus = EventBus.builder().source("stress").listenerLimit(10_000, 10_000)
      .build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  /** Counts each (room, sequence) it hears and notes duplicates and, if asked, order breaks. */
  static final class Tally {
    final Map<String, Set<Long>> seen = new ConcurrentHashMap<>();
    final Map<String, Long> last = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger total = new AtomicInteger();
    final boolean ordered;

    Tally(boolean ordered) {
      this.ordered = ordered;
    }

    void on(RoomBooked b) {
      if (!seen.computeIfAbsent(b.roomId(), k -> ConcurrentHashMap.newKeySet()).add(b.sequence())) {
        problems.add("duplicate " + b);
      }
      if (ordered) {
        Long previous = last.put(b.roomId(), b.sequence());
        if (previous != null && previous >= b.sequence()) {
          problems.add(b.roomId() + " " + b.sequence() + " after " + previous);
        }
      }
      total.incrementAndGet();
    }
  }

  @Test
  void stableSubscribersSeeEveryEventExactlyOnceWhileOthersComeAndGo() throws Exception {
    Tally sync = new Tally(true); // per key, one publisher thread: publish order is sequence order
    Tally async = new Tally(false);
    Tally ordered = new Tally(true);
    bus.subscribe(RoomBooked.class, sync::on, SubscribeOptions.named("sync"));
    bus.subscribe(RoomBooked.class, async::on, SubscribeOptions.named("async").delivery(Delivery.ASYNC));
    bus.subscribe(RoomBooked.class, ordered::on,
        SubscribeOptions.named("ordered").delivery(Delivery.ORDERED));

    AtomicBoolean publishing = new AtomicBoolean(true);
    AtomicInteger churned = new AtomicInteger();
    AtomicInteger transientCalls = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + CHURNERS);
    List<Future<?>> publishers = new ArrayList<>();
    List<Future<?>> churners = new ArrayList<>();
    try {
      for (int c = 0; c < CHURNERS; c++) {
        Delivery mode = Delivery.values()[c % Delivery.values().length];
        churners.add(pool.submit(() -> {
          go.await();
          while (publishing.get()) {
            List<Subscription> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              batch.add(bus.subscribe(RoomBooked.class, b -> transientCalls.incrementAndGet(),
                  SubscribeOptions.defaults().delivery(mode)));
              batch.add(bus.subscribe("room:*", e -> transientCalls.incrementAndGet(),
                  SubscribeOptions.defaults().delivery(mode)));
            }
            batch.forEach(Subscription::cancel);
            churned.addAndGet(batch.size());
          }
          return null;
        }));
      }
      for (int p = 0; p < PUBLISHERS; p++) {
        String room = "room-" + p;
        publishers.add(pool.submit(() -> {
          go.await();
          for (long seq = 1; seq <= PER_PUBLISHER; seq++) {
            if (seq == PER_PUBLISHER / 2) {
              // Halfway, let the churners catch up, so that subscriptions surely come and go
              // while events are published, however the threads are scheduled.
              awaitChurn(churned);
            }
            bus.publish(new RoomBooked(room, seq));
            if (seq % 500 == 0) {
              bus.publish(new Ping((int) seq)); // other traffic on the same bus
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : publishers) {
        f.get(30, TimeUnit.SECONDS);
      }
      publishing.set(false);
      for (Future<?> f : churners) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      publishing.set(false);
      pool.shutdownNow();
    }
    Await.idle(bus);

    int expected = PUBLISHERS * PER_PUBLISHER;
    for (Tally tally : List.of(sync, async, ordered)) {
      assertThat(tally.problems).isEmpty();
      assertThat(tally.total).hasValue(expected);
      assertThat(tally.seen).hasSize(PUBLISHERS)
          .allSatisfy((room, seqs) -> assertThat(seqs).hasSize(PER_PUBLISHER));
    }
    assertThat(churned.get()).as("subscriptions came and went meanwhile").isGreaterThan(100);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  private static void awaitChurn(AtomicInteger churned) throws InterruptedException {
    long deadline = System.nanoTime() + Await.PATIENCE.toNanos();
    while (churned.get() <= 100 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  @Test
  void aOnceSubscriptionHearsExactlyOneEventUnderConcurrentPublishing() throws Exception {
    for (int round = 0; round < 50; round++) {
      AtomicInteger calls = new AtomicInteger();
      Delivery mode = Delivery.values()[round % 3];
      Subscription once = bus.subscribe(Ping.class, p -> calls.incrementAndGet(),
          SubscribeOptions.defaults().delivery(mode).once());
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          all.add(pool.submit(() -> {
            go.await();
            for (int i = 0; i < 20; i++) {
              bus.publish(new Ping(i));
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : all) {
          f.get(10, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      Await.idle(bus);
      assertThat(calls).as("round %d, %s", round, mode).hasValue(1);
      // Not asserted right after awaitIdle: the bus cancels a once-subscription just after the
      // delivery counts as done (see CriticalEventsTest for where that gap loses an event).
      Await.until("the once-subscription cancels itself", () -> !once.isActive());
    }
  }
}
