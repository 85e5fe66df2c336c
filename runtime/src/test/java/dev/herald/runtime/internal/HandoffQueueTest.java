package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
   * were offered.
   */
  @RepeatedTest(5)
  void everyElementIsTakenExactlyOnceInEachProducersOrder() throws Exception {
    int producers = 3;
    int consumers = 3;
    int perProducer = 200_000;
    HandoffQueue<long[]> queue = new HandoffQueue<>(16);
    AtomicReferenceArray<String> takenBy = new AtomicReferenceArray<>(producers * perProducer);
    AtomicInteger taken = new AtomicInteger();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      threads.add(new Thread(() -> {
        await(go);
        for (int i = 0; i < perProducer; i++) {
          long[] element = {producer, i};
          while (!queue.offer(element)) {
            Thread.onSpinWait();
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
        while (taken.get() < producers * perProducer) {
          long[] element = queue.poll();
          if (element == null) {
            Thread.onSpinWait();
            continue;
          }
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
    threads.forEach(Thread::start);
    go.countDown();
    for (Thread thread : threads) {
      thread.join(30_000);
      assertThat(thread.isAlive()).as("finished in time").isFalse();
    }
    assertThat(failures).isEmpty();
    assertThat(taken.get()).isEqualTo(producers * perProducer);
    for (int i = 0; i < takenBy.length(); i++) {
      assertThat(takenBy.get(i)).as("element %s", i).isNotNull();
    }
    assertThat(queue.isEmpty()).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
