package dev.herald.bench.mdc;

import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.bench.sync.HeraldPayloadListeners;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * What the MDC costs a SYNC publish: the same publish as {@code SyncPublishBenchmark.heraldPayload}
 * with Logback as SLF4J's provider (whose MDC keeps values, where slf4j-simple's keeps nothing), the
 * bus putting the event into the MDC ({@code mdc}) and not ({@code plain}, {@code
 * EventBus.builder().mdc(false)}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1,
    jvmArgsAppend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
@State(Scope.Thread)
public class MdcPublishBenchmark {

  @Param({"1", "10"})
  public int listeners;

  private final OrderPlaced event = Samples.order(0);
  private EventBus withMdc;
  private EventBus withoutMdc;

  @Setup(Level.Trial)
  public void setUp() {
    if (!MDC.getMDCAdapter().getClass().getName().startsWith("ch.qos.logback")) {
      throw new IllegalStateException("Run with Logback as SLF4J's provider, not "
          + MDC.getMDCAdapter().getClass().getName());
    }
    withMdc = EventBus.builder().source("bench").build();
    withoutMdc = EventBus.builder().source("bench").mdc(false).build();
    for (Object listener : HeraldPayloadListeners.first(listeners)) {
      withMdc.register(listener);
    }
    for (Object listener : HeraldPayloadListeners.first(listeners)) {
      withoutMdc.register(listener);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withMdc.close(Duration.ofSeconds(5));
    withoutMdc.close(Duration.ofSeconds(5));
  }

  /** The default: the event is in the MDC while its listeners run. */
  @Benchmark
  public Envelope<OrderPlaced> mdc() {
    return withMdc.publish(event);
  }

  /** The anchor: the same bus with {@code mdc(false)}. */
  @Benchmark
  public Envelope<OrderPlaced> plain() {
    return withoutMdc.publish(event);
  }
}
