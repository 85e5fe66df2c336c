package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bus's backlog: never more than its capacity taken on, empty exactly when all came back. */
@Timeout(60)
class BacklogTest {

  @Test
  void countsInUpToItsCapacityAndOutAgain() {
    Backlog backlog = new Backlog(3);
    assertThat(backlog.tryAdd(2)).isTrue();
    assertThat(backlog.tryAdd(2)).as("4 > 3").isFalse();
    assertThat(backlog.size()).isEqualTo(2);
    assertThat(backlog.tryAdd(1)).isTrue();
    assertThat(backlog.tryAdd(1)).isFalse();
    backlog.remove(1);
    assertThat(backlog.tryAdd(1)).as("room again, though the cached count was stale").isTrue();
    backlog.add(5); // a retry: beyond the capacity
    assertThat(backlog.size()).isEqualTo(8);
    assertThat(backlog.tryAdd(1)).isFalse();
    backlog.remove(8);
    assertThat(backlog.isEmpty()).isTrue();
  }

  @RepeatedTest(5)
  void racingPublishersAndWorkersNeverExceedTheCapacity() throws Exception {
    int capacity = 8;
    Backlog backlog = new Backlog(capacity);
    AtomicInteger held = new AtomicInteger(); // what the test knows is taken on
    AtomicInteger worst = new AtomicInteger();
    AtomicLong admitted = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 200_000; i++) {
          int n = 1 + (i & 1);
          if (backlog.tryAdd(n)) {
            int now = held.addAndGet(n);
            worst.accumulateAndGet(now, Math::max);
            admitted.addAndGet(n);
            held.addAndGet(-n);
            backlog.remove(n);
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(worst.get()).isLessThanOrEqualTo(capacity);
    assertThat(admitted.get()).as("most attempts get in").isPositive();
    assertThat(backlog.size()).isZero();
    assertThat(backlog.isEmpty()).isTrue();
  }
}
