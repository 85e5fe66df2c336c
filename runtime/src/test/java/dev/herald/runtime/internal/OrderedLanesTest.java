package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ordering lanes under concurrent producers: every task runs exactly once, tasks of one key one at a
 * time in the order they were added, whether their outcomes come at once, later from another thread,
 * or from another thread while the attempt is still under way.
 */
@Timeout(60)
class OrderedLanesTest {

  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private BusWorkers workers;
  private ExecutorService completer;

  @AfterEach
  void tearDown() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (completer != null) {
      completer.shutdownNow();
    }
  }

  /** What the fake runner knows of each task. */
  private record Tag(int key, int sequence) {}

  /** Checks order and exclusivity per key, and completes tasks in the given manner. */
  private final class CheckingRunner implements OrderedLanes.Runner {
    final Map<DeliveryTask, Tag> tags = new ConcurrentHashMap<>();
    final AtomicIntegerArray next;
    final AtomicIntegerArray running;
    final AtomicInteger ran = new AtomicInteger();
    final int lateOneIn;
    CountDownLatch all;

    CheckingRunner(int keys, int lateOneIn) {
      this.next = new AtomicIntegerArray(keys);
      this.running = new AtomicIntegerArray(keys);
      this.lateOneIn = lateOneIn;
    }

    @Override
    public long attempt(DeliveryTask task, long now, int worker) {
      Tag tag = tags.get(task);
      if (!running.compareAndSet(tag.key(), 0, 1)) {
        failures.add(new AssertionError("two tasks of key " + tag.key() + " at once"));
      }
      int expected = next.getAndIncrement(tag.key());
      if (expected != tag.sequence()) {
        failures.add(new AssertionError("key " + tag.key() + ": ran " + tag.sequence()
            + " where " + expected + " was due"));
      }
      ran.incrementAndGet();
      Runnable finish = () -> {
        running.set(tag.key(), 0);
        all.countDown();
        task.releaseLane();
      };
      int dice = lateOneIn == 0 ? 1 : ThreadLocalRandom.current().nextInt(lateOneIn);
      if (dice == 0) {
        completer.execute(finish); // later, from another thread
      } else if (dice == 1 || lateOneIn == 0) {
        finish.run(); // at once
      } else if (dice == 2) {
        // From another thread while this attempt is still under way.
        CountDownLatch finished = new CountDownLatch(1);
        completer.execute(() -> {
          finish.run();
          finished.countDown();
        });
        await(finished);
      } else {
        finish.run();
      }
      return 0;
    }

    @Override
    public void refused(DeliveryTask task, RejectedExecutionException why) {
      failures.add(new AssertionError("refused " + tags.get(task)));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("a completion never came");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(int producers, int keys, int perProducer, int lateOneIn, int threads)
      throws Exception {
    workers = new BusWorkers(threads, 1024, r -> {
      Thread thread = new Thread(r, "lanes-test");
      thread.setDaemon(true);
      return thread;
    });
    completer = Executors.newFixedThreadPool(2);
    CheckingRunner runner = new CheckingRunner(keys, lateOneIn);
    runner.all = new CountDownLatch(producers * perProducer);
    OrderedLanes lanes = new OrderedLanes(workers, runner);
    // Each producer owns its keys, so that the order it adds them in is the order they must run in.
    int[] sequences = new int[keys];
    List<Thread> threadsList = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int p = 0; p < producers; p++) {
      int producer = p;
      List<DeliveryTask> tasks = new ArrayList<>();
      List<Integer> taskKeys = new ArrayList<>();
      for (int i = 0; i < perProducer; i++) {
        int key = producer + producers * ThreadLocalRandom.current().nextInt(keys / producers);
        DeliveryTask task = new DeliveryTask(null, null, null);
        runner.tags.put(task, new Tag(key, sequences[key]++));
        tasks.add(task);
        taskKeys.add(key);
      }
      Thread thread = new Thread(() -> {
        await(go);
        for (int i = 0; i < tasks.size(); i++) {
          lanes.submit(taskKeys.get(i), tasks.get(i));
        }
      });
      thread.start();
      threadsList.add(thread);
    }
    go.countDown();
    for (Thread thread : threadsList) {
      thread.join();
    }
    assertThat(runner.all.await(30, TimeUnit.SECONDS))
        .as("every task ran and finished; %s left, %s ran", runner.all.getCount(), runner.ran.get())
        .isTrue();
    assertThat(failures).isEmpty();
    assertThat(runner.ran.get()).isEqualTo(producers * perProducer);
    awaitSettled(lanes); // every lane's count is back to zero
  }

  @RepeatedTest(5)
  void tasksThatFinishAtOnceRunInOrderPerKeyAndExactlyOnce() throws Exception {
    run(3, 24, 50_000, 0, 2);
  }

  @RepeatedTest(5)
  void tasksThatFinishLaterOrElsewhereKeepTheirKeysOrder() throws Exception {
    run(2, 16, 5_000, 4, 3);
  }

  @Test
  void burstsThatEndExactlyAtABatchBoundaryStartOneTurnAtATime() throws Exception {
    workers = new BusWorkers(2, 1024, Thread::new);
    completer = Executors.newFixedThreadPool(1);
    int keys = 8;
    int perKey = 2 * OrderedLanes.BATCH;
    CheckingRunner runner = new CheckingRunner(keys, 0);
    OrderedLanes lanes = new OrderedLanes(workers, runner);
    int[] sequences = new int[keys];
    for (int round = 0; round < 300; round++) {
      runner.all = new CountDownLatch(keys * perKey);
      for (int i = 0; i < keys * perKey; i++) {
        int key = i % keys;
        submit(lanes, runner, key, sequences[key]++);
      }
      assertThat(runner.all.await(10, TimeUnit.SECONDS)).as("round %s", round).isTrue();
      runner.tags.clear();
    }
    assertThat(failures).isEmpty();
    assertThat(lanes.lanes()).as("no lane was replaced").isEqualTo(keys);
  }

  @Test
  void oneKeyManyProducersStillOneAtATime() throws Exception {
    run(1, 1, 100_000, 0, 4);
  }

  /**
   * Keys come and go in rounds of a hundred, each round settled before the next: a sweep then
   * finds at most one round's lanes busy, so the map never holds more than twice that (or the idle
   * allowance), however many keys have passed through. Settling each round keeps the bound exact on
   * a slow machine, where one unpaced burst would leave every lane busy at every sweep.
   */
  @Test
  void idleLanesAreSweptOutSoKeysDoNotAccumulate() throws Exception {
    workers = new BusWorkers(2, 64, Thread::new);
    completer = Executors.newFixedThreadPool(1);
    int round = 100;
    int keys = 10_000;
    CheckingRunner runner = new CheckingRunner(keys, 0);
    OrderedLanes lanes = new OrderedLanes(workers, runner);
    int mostLanes = 0;
    for (int first = 0; first < keys; first += round) {
      runner.all = new CountDownLatch(round);
      for (int key = first; key < first + round; key++) {
        submit(lanes, runner, key, 0);
        mostLanes = Math.max(mostLanes, lanes.lanes());
      }
      assertThat(runner.all.await(30, TimeUnit.SECONDS)).as("round from key %s", first).isTrue();
      awaitSettled(lanes);
    }
    assertThat(failures).isEmpty();
    assertThat(mostLanes)
        .as("most lanes held at once, with %s keys in rounds of %s", keys, round)
        .isLessThanOrEqualTo(Math.max(OrderedLanes.IDLE_LANES, 2 * round));
  }

  /** Submits a task of {@code key} that the runner expects as that key's {@code sequence}th. */
  private static void submit(OrderedLanes lanes, CheckingRunner runner, int key, int sequence) {
    DeliveryTask task = new DeliveryTask(null, null, null);
    runner.tags.put(task, new Tag(key, sequence));
    lanes.submit(key, task);
  }

  private static void awaitSettled(OrderedLanes lanes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lanes.activeLanes() > 0) {
      assertThat(System.nanoTime()).as("lanes settle within 10 s").isLessThan(deadline);
      Thread.sleep(1);
    }
  }
}
