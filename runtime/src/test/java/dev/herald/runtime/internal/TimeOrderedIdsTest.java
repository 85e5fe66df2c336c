package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void idsFromBlocksAreUniqueAcrossThreadsAndOrderedWithinEach() throws Exception {
    TimeOrderedIds ids = new TimeOrderedIds("evt_", Clock.systemUTC());
    int threads = 4;
    int each = 5_000; // several blocks per thread
    List<List<String>> made = Collections.synchronizedList(new ArrayList<>());
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        CurrentEvent.State state = new CurrentEvent.State();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          long millis = ids.millisAt(System.currentTimeMillis());
          mine.add(ids.format(millis, ids.nextCount(state)));
        }
        made.add(mine);
      });
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join(30_000);
    }
    Set<String> all = new HashSet<>();
    for (List<String> mine : made) {
      assertThat(mine).isSorted();
      all.addAll(mine);
    }
    assertThat(all).hasSize(threads * each);
  }

  @Test
  void aThreadMovingBetweenGeneratorsTakesABlockFromEach() {
    TimeOrderedIds first = new TimeOrderedIds("a_", Clock.systemUTC());
    TimeOrderedIds second = new TimeOrderedIds("b_", Clock.systemUTC());
    CurrentEvent.State state = new CurrentEvent.State();
    long a1 = first.nextCount(state);
    long b1 = second.nextCount(state);
    long a2 = first.nextCount(state);
    assertThat(a2).isGreaterThan(a1);
    assertThat(second.nextCount(state)).isGreaterThan(b1);
  }
}
