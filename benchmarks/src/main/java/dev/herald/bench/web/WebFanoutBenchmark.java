package dev.herald.bench.web;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events pushed to 1, 100 and 1,000 loopback WebSocket clients: through Herald's web bridge
 * ({@code herald}: bus publish, allow-list, fan-out thread, per-client buffers) and by a bare
 * Jetty WebSocket server that writes the same CloudEvents document to every session from the
 * publishing thread ({@code jetty}: the ceiling). Clients run in the same JVM on Java's HttpClient,
 * so they share the machine's cores with the server, equally for both.
 *
 * <ul>
 *   <li>{@link #pushBatch}: events per second, each event reaching every client: 100 events
 *       published, then waiting until all clients have all of them.
 *   <li>{@link #pushOne}: sampled time from publishing one event until the last client has it;
 *       its p99 is the bus-to-client latency at that fan-out.
 * </ul>
 *
 * <p>Short profile (1 fork, 2 × 1 s warm-up, 3 × 2 s measurement): run it alone with
 * {@code benchmarks/run-web.sh}, which prints the ratios.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class WebFanoutBenchmark {

  static final int BATCH = 100;

  @Param({"1", "100", "1000"})
  public int clients;

  @Param({"herald", "jetty"})
  public String server;

  private Fanout fanout;
  private Clients sockets;
  private int sequence;
  private long expected;

  @Setup(Level.Trial)
  public void start() {
    fanout = server.equals("herald") ? new HeraldFanout() : new BareJettyFanout();
    sockets = new Clients(fanout.uri(), clients);
    expected = sockets.received();
  }

  @TearDown(Level.Trial)
  public void stop() {
    sockets.close();
    fanout.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void pushBatch() {
    for (int i = 0; i < BATCH; i++) {
      fanout.publish(sequence++);
    }
    expected += (long) BATCH * clients;
    sockets.awaitReceived(expected);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void pushOne() {
    fanout.publish(sequence++);
    expected += clients;
    sockets.awaitReceived(expected);
  }
}
