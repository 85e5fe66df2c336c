package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCountsTest {

  @Test
  void sumsWhatEveryThreadCountedWhileTheyCount() throws Exception {
    ThreadCounts counts = new ThreadCounts();
    int threads = 4;
    int each = 200_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        CurrentEvent.State state = new CurrentEvent.State();
        awaitQuietly(go);
        for (int i = 0; i < each; i++) {
          counts.cell(state).published();
          counts.cell(state).delivered(2);
        }
      });
      thread.start();
      started.add(thread);
    }
    go.countDown();
    long seen = 0;
    while (started.stream().anyMatch(Thread::isAlive)) {
      long now = counts.published();
      assertThat(now).as("a sum never goes back").isGreaterThanOrEqualTo(seen);
      seen = now;
    }
    for (Thread thread : started) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(counts.published()).isEqualTo((long) threads * each);
    assertThat(counts.delivered()).isEqualTo(2L * threads * each);
  }

  @Test
  void foldsTheCellsOfEndedThreadsWithoutLosingTheirCounts() throws Exception {
    ThreadCounts counts = new ThreadCounts();
    int threads = 100; // many more than the 16 cells that trigger a fold
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        CurrentEvent.State state = new CurrentEvent.State();
        counts.cell(state).published();
        counts.cell(state).delivered(3);
      });
      thread.start();
      thread.join(10_000);
    }
    assertThat(counts.published()).isEqualTo(threads);
    assertThat(counts.delivered()).isEqualTo(3L * threads);
    assertThat(counts.cellCount()).as("cells kept after folds").isLessThan(threads);
  }

  @Test
  void aThreadKeepsOneCellPerSeries() {
    ThreadCounts first = new ThreadCounts();
    ThreadCounts second = new ThreadCounts();
    CurrentEvent.State state = new CurrentEvent.State();
    for (int i = 0; i < 10; i++) {
      first.cell(state).published();
      second.cell(state).published();
    }
    assertThat(first.published()).isEqualTo(10);
    assertThat(second.published()).isEqualTo(10);
    assertThat(first.cellCount()).isEqualTo(1);
    assertThat(second.cellCount()).isEqualTo(1);
  }

  @Test
  void aThreadCountingInMoreSeriesThanItCachesCountsEachExactly() {
    List<ThreadCounts> series = new ArrayList<>();
    for (int i = 0; i < 3 * ThreadCounts.CACHED + 1; i++) {
      series.add(new ThreadCounts());
    }
    CurrentEvent.State state = new CurrentEvent.State();
    for (int round = 0; round < 5; round++) {
      for (ThreadCounts counts : series) {
        counts.cell(state).published();
      }
    }
    assertThat(series).allSatisfy(counts -> {
      assertThat(counts.published()).isEqualTo(5);
      assertThat(counts.cellCount()).isEqualTo(1);
    });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
