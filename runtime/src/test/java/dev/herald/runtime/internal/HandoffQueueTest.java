package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The array queue: first in first out, bounded, every element taken exactly once under contention. */
@Timeout(60)
class HandoffQueueTest {

  @Test
  void roundsItsCapacityUpToAPowerOfTwo() {
    assertThat(new HandoffQueue<>(1).capacity()).isEqualTo(2);
    assertThat(new HandoffQueue<>(2).capacity()).isEqualTo(2);
    assertThat(new HandoffQueue<>(5).capacity()).isEqualTo(8);
    assertThat(new HandoffQueue<>(8192).capacity()).isEqualTo(8192);
    assertThatThrownBy(() -> new HandoffQueue<>(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isFirstInFirstOutAndRefusesWhenFullLapAfterLap() {
    HandoffQueue<Integer> queue = new HandoffQueue<>(8);
    int next = 0;
    int expected = 0;
    for (int lap = 0; lap < 1000; lap++) {
      int room = 0;
      while (queue.offer(next)) {
        next++;
        room++;
      }
      assertThat(room).as("lap %s", lap).isEqualTo(lap == 0 ? 8 : 5);
      assertThat(queue.size()).isEqualTo(8);
      assertThat(queue.isEmpty()).isFalse();
      for (int i = 0; i < 5; i++) {
        assertThat(queue.poll()).isEqualTo(expected++);
      }
    }
    while (!queue.isEmpty()) {
      assertThat(queue.poll()).isEqualTo(expected++);
    }
    assertThat(queue.poll()).isNull();
    assertThat(expected).isEqualTo(next);
    assertThat(queue.taken()).isEqualTo(expected);
  }

  @Test
  void aFullQueueOfTheBusCapacityTakesThatManyElements() {
    HandoffQueue<Integer> queue = new HandoffQueue<>(8192);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 8192; i++) {
        assertThat(queue.offer(i)).isTrue();
      }
      assertThat(queue.offer(-1)).isFalse();
      for (int i = 0; i < 8192; i++) {
        assertThat(queue.poll()).isEqualTo(i);
      }
      assertThat(queue.poll()).isNull();
    }
  }

  /**
   * Producers and consumers race on a small queue (so that it is often full and often empty): each
   * element is taken exactly once, and a consumer sees each producer's elements in the order they
   * were offered. Six threads share two cores here: a thread preempted inside an offer or a poll
   * holds up the others, so waiting threads back off after a few spins rather than spin on.
   */
  @RepeatedTest(5)
  void everyElementIsTakenExactlyOnceInEachProducersOrder() throws Exception {
    int producers = 3;
    int consumers = 3;
    int perProducer = 100_000;
    HandoffQueue<long[]> queue = new HandoffQueue<>(16);
    AtomicReferenceArray<String> takenBy = new AtomicReferenceArray<>(producers * perProducer);
    AtomicInteger taken = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      threads.add(new Thread(() -> {
        await(go);
        for (int i = 0; i < perProducer && !stop.get(); i++) {
          long[] element = {producer, i};
          for (int spins = 0; !queue.offer(element) && !stop.get(); spins++) {
            backOff(spins);
          }
        }
      }));
    }
    for (int c = 0; c < consumers; c++) {
      String name = "consumer-" + c;
      threads.add(new Thread(() -> {
        await(go);
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        int spins = 0;
        while (taken.get() < producers * perProducer && !stop.get()) {
          long[] element = queue.poll();
          if (element == null) {
            backOff(spins++);
            continue;
          }
          spins = 0;
          int producer = (int) element[0];
          int sequence = (int) element[1];
          if (sequence <= last[producer]) {
            failures.add(new AssertionError(name + " saw " + sequence + " of producer " + producer
                + " after " + last[producer]));
          }
          last[producer] = sequence;
          if (!takenBy.compareAndSet(producer * perProducer + sequence, null, name)) {
            failures.add(new AssertionError("taken twice: " + producer + "/" + sequence));
          }
          taken.incrementAndGet();
        }
      }));
    }
    threads.forEach(thread -> {
      thread.setDaemon(true);
      thread.start();
    });
    go.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
    try {
      for (Thread thread : threads) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        assertThat(thread.isAlive())
            .as("finished within 50 s; %s of %s taken", taken.get(), producers * perProducer)
            .isFalse();
      }
    } finally {
      stop.set(true); // threads left behind by a failure stop rather than slow the next tests
    }
    assertThat(failures).isEmpty();
    assertThat(taken.get()).isEqualTo(producers * perProducer);
    for (int i = 0; i < takenBy.length(); i++) {
      assertThat(takenBy.get(i)).as("element %s", i).isNotNull();
    }
    assertThat(queue.isEmpty()).isTrue();
  }

  /**
   * Spins briefly, then yields, then sleeps a little: a thread preempted inside an offer or a poll
   * needs a core to finish it, which spinning (or yielding to busy processes) would not give it.
   */
  private static void backOff(int spins) {
    if (spins < 64) {
      Thread.onSpinWait();
    } else if (spins < 128) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(1_000);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
