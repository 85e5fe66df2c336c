package dev.herald.bench.store;

import dev.herald.bench.EventMap;
import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.wire.CloudEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The durable stores on a real SQLite file: event store appends with a commit per event and with
 * group commit, and the latency of writing one dead letter. The file lives in the JVM's temporary
 * directory; its disk decides the per-event figure (each commit is forced to disk).
 */
@State(Scope.Benchmark)
public class StoreBenchmark {

  private static final int GROUP = 256;

  Path dir;
  EventStore perEvent;
  EventStore groupCommit;
  DeadLetterStore deadLetters;
  OrderPlaced payload;
  final AtomicLong sequence = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("herald-store-bench");
    CloudEvents wire = CloudEvents.of(List.of(EventMap.ORDER_PLACED));
    perEvent = JdbcEventStore.sqlite(dir.resolve("per-event.db"),
        EventStore.Durability.PER_EVENT, wire);
    groupCommit = JdbcEventStore.sqlite(dir.resolve("group.db"),
        EventStore.Durability.GROUP_COMMIT, wire);
    deadLetters = JdbcDeadLetterStore.sqlite(dir.resolve("dlq.db"), wire);
    payload = Samples.order(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    perEvent.close();
    groupCommit.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Envelope<OrderPlaced> next() {
    return Envelope.of(EventMap.ORDER_PLACED, payload, "evt_" + sequence.incrementAndGet(),
        Instant.now(), "bench", "req-1", null, null, Map.of());
  }

  /** One append, committed and forced to disk before it returns. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void appendPerEvent() {
    perEvent.append(next());
  }

  /** {@value #GROUP} appends and a flush that waits until all are committed: events per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(GROUP)
  public void appendGroupCommit() {
    for (int i = 0; i < GROUP; i++) {
      groupCommit.append(next());
    }
    groupCommit.flush();
  }

  /** Writing one dead letter, as the bus does after a delivery's last attempt. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void deadLetterWrite() {
    Envelope<OrderPlaced> envelope = next();
    Instant now = Instant.now();
    deadLetters.add(new DeadLetter("dlq_" + envelope.id(), envelope, "bench-subscriber",
        DeadLetter.Reason.FAILED, "java.lang.IllegalStateException", "downstream unavailable",
        "java.lang.IllegalStateException: downstream unavailable\n\tat bench", 3, now, now));
  }
}
