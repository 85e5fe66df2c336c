package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncCountsTest {

  /**
   * Workers count in cells of their own, other threads in the shared fields, while a reader reads:
   * pending never goes negative or above what was taken on, and every sum is exact at the end.
   */
  @Test
  void workerCellsAndSharedCountsAddUpWhileReadersRead() throws Exception {
    AsyncCounts counts = new AsyncCounts();
    int workers = 3;
    int sharedThreads = 2;
    int each = 100_000;
    long total = (long) (workers + sharedThreads) * each;
    for (long i = 0; i < total; i++) {
      counts.accepted(); // taken on before anyone finishes them, as a publisher does
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < workers + sharedThreads; t++) {
      int index = t < workers ? t : AsyncCounts.SHARED;
      Thread thread = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < each; i++) {
          counts.started(index);
          // Half of the attempts end on another thread's count, as a stage's completion does.
          counts.ended((i & 1) == 0 ? index : AsyncCounts.SHARED, 1 + (i & 1023));
          counts.delivered(index);
        }
      });
      thread.start();
      started.add(thread);
    }
    go.countDown();
    long lastDelivered = 0;
    while (started.stream().anyMatch(Thread::isAlive)) {
      long pending = counts.pending();
      assertThat(pending).isBetween(0L, total);
      // A gauge read across cells while they move is not bounded above; it is never below 0.
      assertThat(counts.running()).isNotNegative();
      long delivered = counts.deliveredCount();
      assertThat(delivered).as("a sum never goes back").isGreaterThanOrEqualTo(lastDelivered);
      lastDelivered = delivered;
    }
    for (Thread thread : started) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(counts.deliveredCount()).isEqualTo(total);
    assertThat(counts.pending()).isZero();
    assertThat(counts.running()).isZero();
    long[] sums = LatencyHistogram.newSums();
    counts.addTo(sums);
    long attempts = 0;
    for (long sum : sums) {
      attempts += sum;
    }
    assertThat(attempts).isEqualTo(total);
    long perThread = 0;
    for (int i = 0; i < each; i++) {
      perThread += 1 + (i & 1023);
    }
    assertThat(counts.totalNanos()).isEqualTo(perThread * (workers + sharedThreads));
    assertThat(counts.maxNanos()).isEqualTo(1024);
  }

  @Test
  void aWorkerCellIsMadeOnFirstUseAtAnyIndex() {
    AsyncCounts counts = new AsyncCounts();
    counts.accepted();
    counts.accepted();
    counts.started(5);
    assertThat(counts.running()).isEqualTo(1);
    counts.ended(5, 42);
    counts.delivered(5);
    counts.abandoned();
    assertThat(counts.deliveredCount()).isEqualTo(1);
    assertThat(counts.pending()).isZero();
    assertThat(counts.running()).isZero();
    assertThat(counts.maxNanos()).isEqualTo(42);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
