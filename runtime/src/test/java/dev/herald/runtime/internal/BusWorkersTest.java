package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus's workers: every task runs exactly once, however producers race and however often the
 * workers fall asleep; blocked tasks do not hold up queued ones for long; shutdown accounts for every
 * task (run, handed back, or refused).
 */
@Timeout(60)
class BusWorkersTest {

  private BusWorkers workers;

  @AfterEach
  void tearDown() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  /** The threads the workers under test started. */
  private final List<Thread> started = new CopyOnWriteArrayList<>();

  private BusWorkers workers(int threads, int capacity) {
    return new BusWorkers(threads, capacity, r -> {
      Thread thread = new Thread(r, "workers-test");
      thread.setDaemon(true);
      started.add(thread);
      return thread;
    });
  }

  @RepeatedTest(3)
  void everyTaskRunsExactlyOnceUnderRacingProducersAndAnOverflowingQueue() throws Exception {
    workers = workers(3, 64); // 64 slots: producers overflow into the linked queue often
    int producers = 3;
    int perProducer = 100_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(producers * perProducer);
    CountDownLatch all = new CountDownLatch(producers * perProducer);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      threads.add(new Thread(() -> {
        for (int i = 0; i < perProducer; i++) {
          int id = base + i;
          workers.execute(() -> {
            runs.incrementAndGet(id);
            all.countDown();
          });
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(all.await(30, TimeUnit.SECONDS)).as("%s tasks left", all.getCount()).isTrue();
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("runs of task %s", i).isEqualTo(1);
    }
  }

  @Test
  void burstsAfterTheWorkersFellAsleepAreAlwaysPickedUp() throws Exception {
    int threads = 2;
    workers = workers(threads, 1024);
    for (int burst = 0; burst < 300; burst++) {
      int size = 1 + burst % 7;
      CountDownLatch done = new CountDownLatch(size);
      for (int i = 0; i < size; i++) {
        workers.execute(done::countDown);
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).as("burst %s", burst).isTrue();
      if (burst % 10 == 0) {
        // The next burst must wake a worker: every one has stopped polling and watching, and
        // parked (the workers park without a deadline only to sleep).
        awaitUntil("every worker is parked after burst " + burst, () -> started.size() == threads
            && started.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      }
    }
  }

  /** Polls {@code condition} until it holds; fails if it does not within 10 seconds. */
  private static void awaitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(1);
    }
  }

  @Test
  void tasksThatBlockStillGetTheQueuedWorkRunInParallel() throws Exception {
    int threads = 4;
    workers = workers(threads, 1024);
    for (int round = 0; round < 20; round++) {
      // Each task waits until all have started: only possible if every worker takes one.
      CyclicBarrier all = new CyclicBarrier(threads);
      CountDownLatch met = new CountDownLatch(threads);
      for (int i = 0; i < threads; i++) {
        workers.execute(() -> {
          try {
            all.await(10, TimeUnit.SECONDS);
            met.countDown();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
      }
      assertThat(met.await(10, TimeUnit.SECONDS)).as("round %s", round).isTrue();
    }
  }

  /**
   * A task that blocks long after the queue ran dry (the watcher has gone quiet by then) does not
   * hold up work queued later: the watcher a worker has woken on becoming active still watches, and
   * no publisher needs to wake anyone.
   */
  @Test
  void workQueuedLongAfterATaskBlockedRunsBesideIt() throws Exception {
    workers = workers(2, 64);
    for (int round = 0; round < 5; round++) {
      CountDownLatch blocking = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      workers.execute(() -> {
        blocking.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
      // Several of the watcher's idle looks pass with nothing queued (the scenario, not a wait for
      // an outcome: the outcome below is awaited with a deadline).
      Thread.sleep(3 * TimeUnit.NANOSECONDS.toMillis(BusWorkers.IDLE_WATCH_NANOS) + 5);
      CountDownLatch ran = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        workers.execute(ran::countDown);
      }
      assertThat(ran.await(10, TimeUnit.SECONDS)).as("round %s", round).isTrue();
      release.countDown();
    }
  }

  /** A task that can be refused, and says what became of it. */
  private static final class Probe implements Runnable, BusWorkers.Refusable {
    final AtomicInteger outcomes;
    final CountDownLatch release;
    final AtomicInteger ran = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    Probe(AtomicInteger outcomes, CountDownLatch release) {
      this.outcomes = outcomes;
      this.release = release;
    }

    @Override
    public void run() {
      ran.incrementAndGet();
      outcomes.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void refused(RejectedExecutionException why) {
      refused.incrementAndGet();
      outcomes.incrementAndGet();
    }
  }

  @RepeatedTest(5)
  void shutdownAccountsForEveryTaskEvenWhileProducersRace() throws Exception {
    workers = workers(2, 16);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger outcomes = new AtomicInteger();
    Set<Probe> all = ConcurrentHashMap.newKeySet();
    Set<Runnable> handedBack = ConcurrentHashMap.newKeySet();
    AtomicInteger rejected = new AtomicInteger();
    CountDownLatch producing = new CountDownLatch(2);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      producers.add(new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          Probe probe = new Probe(outcomes, release);
          all.add(probe);
          try {
            workers.execute(probe);
          } catch (RejectedExecutionException e) {
            rejected.incrementAndGet();
            all.remove(probe);
          }
          if (i == 100) {
            producing.countDown();
          }
        }
      }));
    }
    producers.forEach(Thread::start);
    producing.await();
    workers.shutdown(handedBack::add);
    release.countDown();
    for (Thread producer : producers) {
      producer.join();
    }
    workers.shutdownNow();
    for (Thread worker : started) { // a worker that took a task settles it before it ends
      worker.join(10_000);
      assertThat(worker.isAlive()).as("%s ended after shutdownNow", worker).isFalse();
    }
    for (Probe probe : all) {
      int ran = probe.ran.get();
      int refused = probe.refused.get();
      boolean back = handedBack.contains(probe);
      assertThat(ran).isLessThanOrEqualTo(1);
      assertThat(refused).isLessThanOrEqualTo(1);
      assertThat(ran + refused).as("ran and refused").isLessThanOrEqualTo(1);
      assertThat(ran == 1 || refused == 1 || back).as("stranded: not run, refused or handed back")
          .isTrue();
      if (back && refused == 1) {
        throw new AssertionError("handed back and refused: two owners");
      }
    }
    assertThat(all.size() + rejected.get()).isEqualTo(10_000);
  }
}
