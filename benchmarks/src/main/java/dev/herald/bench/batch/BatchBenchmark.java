package dev.herald.bench.batch;

import dev.herald.annotations.Delivery;
import dev.herald.bench.EventMap;
import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
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
 * A batch listener against one-by-one delivery of the same events to the same store
 * ({@link AuditTable}, a SQLite table, a commit per call): {@value #EVENTS} events published, then
 * awaited until stored; events per second. Both subscriptions are ASYNC on the bus's own workers;
 * the batch one takes up to {@value #BATCH} events, waiting at most 5 ms for a batch to fill.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchBenchmark {

  static final int EVENTS = 1024;
  static final int BATCH = 128;

  Path dir;
  AuditTable table;
  EventBus oneByOne;
  EventBus batched;
  OrderPlaced order;
  volatile CountDownLatch stored = new CountDownLatch(0);

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("herald-batch-bench");
    table = new AuditTable(dir.resolve("audit.db"));
    order = Samples.order(0);
    oneByOne = EventBus.builder().source("one-by-one").queueCapacity(4 * EVENTS).build();
    oneByOne.subscribe(EventMap.ORDER_PLACED, o -> {
      table.append(o);
      stored.countDown();
    }, SubscribeOptions.named("store").delivery(Delivery.ASYNC));
    batched = EventBus.builder().source("batched").queueCapacity(4 * EVENTS).build();
    batched.subscribeBatch(EventMap.ORDER_PLACED, orders -> {
      table.appendAll(orders);
      for (int i = 0; i < orders.size(); i++) {
        stored.countDown();
      }
    }, SubscribeOptions.named("store").batch(BATCH, Duration.ofMillis(5)));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    oneByOne.close();
    batched.close();
    table.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void publishAndAwait(EventBus bus) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(EVENTS);
    stored = latch;
    for (int i = 0; i < EVENTS; i++) {
      bus.publish(order);
    }
    latch.await();
  }

  /** Each event delivered alone: an insert and a commit per event. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void oneByOne() throws InterruptedException {
    publishAndAwait(oneByOne);
  }

  /** The same events to a batch listener: an insert per event, a commit per batch. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void batchListener() throws InterruptedException {
    publishAndAwait(batched);
  }
}
