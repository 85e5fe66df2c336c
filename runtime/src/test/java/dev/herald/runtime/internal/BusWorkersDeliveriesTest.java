package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static dev.herald.runtime.internal.PipelineFixtures.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deliveries queued as parts on the bus's workers: each has exactly one owner of its outcome (the
 * worker that ran it, shutdown that handed it back, or the refusal), however shutdown races the
 * workers running, escalating to a task, or taking them; a full queue is said so, not overflowed.
 */
@Timeout(60)
class BusWorkersDeliveriesTest {

  private static final Subscriber SUBSCRIBER = subscriber("parts", envelope -> null);

  /** Runs deliveries like the bus's dispatcher, recording who settled each. */
  private static final class Recorder implements BusWorkers.Deliveries {
    final AtomicIntegerArray ran;
    /** Outcomes claimed, by the worker, by shutdown (through a task) or by a refusal. */
    final AtomicIntegerArray owners;
    final AtomicIntegerArray refused;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocking;

    Recorder(int deliveries, int blockers) {
      ran = new AtomicIntegerArray(deliveries);
      owners = new AtomicIntegerArray(deliveries);
      refused = new AtomicIntegerArray(deliveries);
      blocking = new CountDownLatch(blockers);
    }

    static int n(Envelope<?> envelope) {
      return ((Ping) envelope.payload()).n();
    }

    @Override
    public long deliver(Subscriber subscriber, Envelope<?> envelope, Series series, long now,
        int worker, BusWorkers.Claim claim) {
      int n = n(envelope);
      ran.incrementAndGet(n);
      if (n % 7 == 0) {
        blocking.countDown(); // running when shutdown comes
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (n % 2 == 0) {
        if (claim.claim()) {
          owners.incrementAndGet(n);
        }
      } else {
        // As a failed attempt does: a task takes the delivery on, and settles it once.
        DeliveryTask task = new DeliveryTask(subscriber, envelope, null);
        boolean claimed = claim.claimAs(task);
        if (task.finish() && claimed) {
          owners.incrementAndGet(n);
        }
      }
      return 0;
    }

    @Override
    public DeliveryTask task(Subscriber subscriber, Envelope<?> envelope, Series series,
        int attempts) {
      DeliveryTask task = new DeliveryTask(subscriber, envelope, null);
      task.attempts = attempts;
      return task;
    }

    @Override
    public void refused(Subscriber subscriber, Envelope<?> envelope, Series series,
        RejectedExecutionException why) {
      refused.incrementAndGet(n(envelope));
      owners.incrementAndGet(n(envelope));
    }

    /** What shutdown does with what it is handed back: claims each task once. */
    void handedBack(Runnable task) {
      DeliveryTask delivery = (DeliveryTask) task;
      if (delivery.finish()) {
        owners.incrementAndGet(n(delivery.envelope));
      }
    }
  }

  private BusWorkers workers;
  private final List<Thread> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  private BusWorkers workers(int threads, int capacity, BusWorkers.Deliveries deliveries) {
    BusWorkers made = new BusWorkers(threads, capacity, r -> {
      Thread thread = new Thread(r, "deliveries-test");
      thread.setDaemon(true);
      started.add(thread);
      return thread;
    });
    made.deliverWith(deliveries);
    return made;
  }

  @Test
  void everyDeliveryRunsOnceAndIsClaimedByItsWorker() throws Exception {
    int count = 50_000;
    Recorder recorder = new Recorder(count, 0);
    recorder.release.countDown();
    workers = workers(2, 256, recorder);
    int queued = 0;
    for (int n = 1; n < count; n++) {
      if (n % 7 == 0) {
        continue; // keep to deliveries that do not wait
      }
      while (!workers.executeDelivery(SUBSCRIBER, ping(n), null)) {
        Thread.onSpinWait(); // full: the workers drain it
      }
      queued++;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sum(recorder.owners) < queued && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    for (int n = 1; n < count; n++) {
      int expected = n % 7 == 0 ? 0 : 1;
      assertThat(recorder.ran.get(n)).as("runs of %s", n).isEqualTo(expected);
      assertThat(recorder.owners.get(n)).as("owners of %s", n).isEqualTo(expected);
    }
  }

  @Test
  void aFullQueueRefusesTheDeliveryInsteadOfOverflowing() throws Exception {
    Recorder recorder = new Recorder(1000, 1);
    workers = workers(1, 64, recorder);
    assertThat(workers.executeDelivery(SUBSCRIBER, ping(7), null)).isTrue(); // it blocks
    assertThat(recorder.blocking.await(10, TimeUnit.SECONDS)).isTrue();
    int accepted = 0;
    while (workers.executeDelivery(SUBSCRIBER, ping(1), null)) {
      accepted++;
      assertThat(accepted).as("deliveries taken by a queue of 64").isLessThanOrEqualTo(64);
    }
    assertThat(accepted).isEqualTo(64);
    recorder.release.countDown();
  }

  @RepeatedTest(5)
  void shutdownRacingRunningDeliveriesLeavesEachExactlyOneOwner() throws Exception {
    int producers = 2;
    int perProducer = 5_000;
    int count = producers * perProducer;
    Recorder recorder = new Recorder(count, 2);
    workers = workers(2, 64, recorder);
    AtomicInteger accepted = new AtomicInteger();
    AtomicIntegerArray queued = new AtomicIntegerArray(count);
    CountDownLatch producing = new CountDownLatch(producers);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      threads.add(new Thread(() -> {
        for (int i = 0; i < perProducer; i++) {
          int n = base + i;
          if (workers.executeDelivery(SUBSCRIBER, ping(n), null)) {
            queued.set(n, 1);
            accepted.incrementAndGet();
          }
          if (i == 200) {
            producing.countDown();
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    assertThat(producing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(recorder.blocking.await(10, TimeUnit.SECONDS)).as("both workers run").isTrue();
    workers.shutdown(recorder::handedBack);
    recorder.release.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    workers.shutdownNow();
    for (Thread worker : started) { // a worker that took a delivery settles it before it ends
      worker.join(10_000);
      assertThat(worker.isAlive()).as("%s ended after shutdownNow", worker).isFalse();
    }
    for (int n = 0; n < count; n++) {
      int expected = queued.get(n);
      assertThat(recorder.owners.get(n)).as("owners of delivery %s", n).isEqualTo(expected);
      assertThat(recorder.ran.get(n) + recorder.refused.get(n)).as("runs and refusals of %s", n)
          .isLessThanOrEqualTo(expected);
    }
    assertThat(accepted.get()).isPositive();
  }

  private static int sum(AtomicIntegerArray array) {
    int sum = 0;
    for (int i = 0; i < array.length(); i++) {
      sum += array.get(i);
    }
    return sum;
  }
}
