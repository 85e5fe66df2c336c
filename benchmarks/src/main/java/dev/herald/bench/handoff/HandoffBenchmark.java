package dev.herald.bench.handoff;

import com.google.common.eventbus.AsyncEventBus;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.runtime.EventBus;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hand-off to other threads: one invocation publishes {@value #BATCH} events and waits (parked, on a
 * latch) until the consumer has handled all of them, so the score is events handled per second,
 * publish to handled. One listener; Herald's ORDERED listener hears 8 ordering keys in turn.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class HandoffBenchmark {

  static final int BATCH = 1024;
  static final int KEYS = 8;
  static final int CAPACITY = 8192;

  final OrderPlaced[] events = new OrderPlaced[KEYS];

  EventBus heraldAsync;
  EventBus heraldOrdered;
  com.google.common.eventbus.EventBus guava;
  ExecutorService guavaExecutor;
  ArrayBlockingQueue<OrderPlaced> queue;
  Thread queueConsumer;
  Disruptor<Slot> disruptor;
  RingBuffer<Slot> ring;

  /** A ring buffer slot. */
  static final class Slot {
    OrderPlaced event;
  }

  @Setup(Level.Trial)
  public void setUp() {
    for (int k = 0; k < KEYS; k++) {
      events[k] = Samples.order(k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    if (heraldAsync != null) {
      heraldAsync.close(Duration.ofSeconds(5));
    }
    if (heraldOrdered != null) {
      heraldOrdered.close(Duration.ofSeconds(5));
    }
    if (guavaExecutor != null) {
      guavaExecutor.shutdownNow();
    }
    if (queueConsumer != null) {
      queueConsumer.interrupt();
      queueConsumer.join(5_000);
    }
    if (disruptor != null) {
      disruptor.halt();
    }
  }

  /** Herald ASYNC: the bus's own executor (as many threads as processors, at least 2). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void heraldAsync() throws InterruptedException {
    if (heraldAsync == null) {
      heraldAsync = EventBus.builder().source("bench").queueCapacity(CAPACITY).build();
      heraldAsync.register(new HeraldHandoffListeners.Async());
    }
    CountDownLatch done = Handled.expect(BATCH);
    for (int i = 0; i < BATCH; i++) {
      heraldAsync.publish(events[i & (KEYS - 1)]);
    }
    done.await();
  }

  /** Herald ORDERED: FIFO per order id, 8 ids in turn. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void heraldOrdered() throws InterruptedException {
    if (heraldOrdered == null) {
      heraldOrdered = EventBus.builder().source("bench").queueCapacity(CAPACITY).build();
      heraldOrdered.register(new HeraldHandoffListeners.Ordered());
    }
    CountDownLatch done = Handled.expect(BATCH);
    for (int i = 0; i < BATCH; i++) {
      heraldOrdered.publish(events[i & (KEYS - 1)]);
    }
    done.await();
  }

  /** Guava AsyncEventBus on a single-thread executor. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void guavaAsync() throws InterruptedException {
    if (guava == null) {
      guavaExecutor = Executors.newSingleThreadExecutor(DaemonThreadFactory.INSTANCE);
      guava = new AsyncEventBus("bench", guavaExecutor);
      guava.register(new HeraldHandoffListeners.Guava());
    }
    CountDownLatch done = Handled.expect(BATCH);
    for (int i = 0; i < BATCH; i++) {
      guava.post(events[i & (KEYS - 1)]);
    }
    done.await();
  }

  /** A bounded ArrayBlockingQueue, put/take, one consumer thread. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void arrayBlockingQueue() throws InterruptedException {
    if (queue == null) {
      ArrayBlockingQueue<OrderPlaced> q = new ArrayBlockingQueue<>(CAPACITY);
      queueConsumer = new Thread(() -> {
        try {
          while (true) {
            Handled.handle(q.take());
          }
        } catch (InterruptedException stop) {
          // tear-down
        }
      }, "abq-consumer");
      queueConsumer.setDaemon(true);
      queueConsumer.start();
      queue = q;
    }
    CountDownLatch done = Handled.expect(BATCH);
    for (int i = 0; i < BATCH; i++) {
      queue.put(events[i & (KEYS - 1)]);
    }
    done.await();
  }

  /** LMAX Disruptor 4.0, single producer, yielding consumer: the limit for a hand-off. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void disruptor() throws InterruptedException {
    if (ring == null) {
      disruptor = new Disruptor<>(Slot::new, CAPACITY, DaemonThreadFactory.INSTANCE,
          ProducerType.SINGLE, new YieldingWaitStrategy());
      disruptor.handleEventsWith((slot, sequence, endOfBatch) -> {
        Handled.handle(slot.event);
        slot.event = null;
      });
      ring = disruptor.start();
    }
    CountDownLatch done = Handled.expect(BATCH);
    for (int i = 0; i < BATCH; i++) {
      OrderPlaced event = events[i & (KEYS - 1)];
      ring.publishEvent((slot, sequence, e) -> slot.event = e, event);
    }
    done.await();
  }
}
