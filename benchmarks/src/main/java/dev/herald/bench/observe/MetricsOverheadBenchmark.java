package dev.herald.bench.observe;

import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.bench.sync.HeraldPayloadListeners;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What observability costs on the publish path: SYNC publish to one and to ten listeners with the
 * bus's defaults (metrics and MDC on), with metrics off, with both off, and with a history of 10,000
 * events on top of the defaults. The figures to compare are ratios within one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class MetricsOverheadBenchmark {

  public enum Setting { DEFAULTS, NO_METRICS, NO_METRICS_NO_MDC, WITH_HISTORY }

  @Param({"1", "10"})
  public int listeners;

  @Param
  public Setting setting;

  private final OrderPlaced event = Samples.order(0);
  private EventBus bus;

  @Setup(Level.Trial)
  public void setUp() {
    EventBus.Builder builder = EventBus.builder().source("bench");
    switch (setting) {
      case NO_METRICS -> builder.metrics(false);
      case NO_METRICS_NO_MDC -> builder.metrics(false).mdc(false);
      case WITH_HISTORY -> builder.history(10_000);
      default -> { }
    }
    bus = builder.build();
    for (Object listener : HeraldPayloadListeners.first(listeners)) {
      bus.register(listener);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bus.close(Duration.ofSeconds(5));
  }

  @Benchmark
  public Envelope<OrderPlaced> publish() {
    return bus.publish(event);
  }
}
