package dev.herald.bench.sync;

import dev.herald.bench.EventMap;
import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
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
 * SYNC publish of one event to {@code listeners} listeners, each of a different class, on the
 * publisher's thread. One operation is one publish; JMH runs each method in its own fork, so one
 * contender's profile never pollutes another's.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SyncPublishBenchmark {

  @State(Scope.Thread)
  public static class Listeners {
    @Param({"1", "10"})
    public int listeners;

    public final OrderPlaced event = Samples.order(0);
  }

  @State(Scope.Thread)
  public static class HeraldPayload {
    EventBus bus;

    @Setup(Level.Trial)
    public void setUp(Listeners n) {
      bus = EventBus.builder().source("bench").build();
      for (Object listener : HeraldPayloadListeners.first(n.listeners)) {
        bus.register(listener);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      bus.close(Duration.ofSeconds(5));
    }
  }

  @State(Scope.Thread)
  public static class HeraldEnvelope {
    EventBus bus;

    @Setup(Level.Trial)
    public void setUp(Listeners n) {
      bus = EventBus.builder().source("bench").build();
      for (Object listener : HeraldEnvelopeListeners.first(n.listeners)) {
        bus.register(listener);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      bus.close(Duration.ofSeconds(5));
    }
  }

  @State(Scope.Thread)
  public static class Guava {
    com.google.common.eventbus.EventBus bus;

    @Setup(Level.Trial)
    public void setUp(Listeners n) {
      bus = new com.google.common.eventbus.EventBus("bench");
      for (Object listener : GuavaListeners.first(n.listeners)) {
        bus.register(listener);
      }
    }
  }

  @State(Scope.Thread)
  public static class Greenrobot {
    org.greenrobot.eventbus.EventBus bus;

    @Setup(Level.Trial)
    public void setUp(Listeners n) {
      bus = org.greenrobot.eventbus.EventBus.builder().build(); // defaults
      for (Object listener : GreenrobotListeners.first(n.listeners)) {
        bus.register(listener);
      }
    }
  }

  @State(Scope.Thread)
  public static class Direct {
    final DirectListeners.Caller caller = new DirectListeners.Caller();
  }

  /** Herald, listeners of the payload record: {@code bus.publish(payload)}. */
  @Benchmark
  public Envelope<OrderPlaced> heraldPayload(Listeners n, HeraldPayload herald) {
    return herald.bus.publish(n.event);
  }

  /** Herald, the same with the event's key, which skips the lookup by payload class. */
  @Benchmark
  public Envelope<OrderPlaced> heraldPayloadByKey(Listeners n, HeraldPayload herald) {
    return herald.bus.publish(EventMap.ORDER_PLACED, n.event);
  }

  /** Herald, listeners of {@code Envelope<OrderPlaced>}. */
  @Benchmark
  public Envelope<OrderPlaced> heraldEnvelope(Listeners n, HeraldEnvelope herald) {
    return herald.bus.publish(n.event);
  }

  /** Direct method calls through the listeners' static types: the limit. */
  @Benchmark
  public void direct(Listeners n, Direct direct) {
    if (n.listeners == 1) {
      direct.caller.one(n.event);
    } else {
      direct.caller.ten(n.event);
    }
  }

  @Benchmark
  public void guava(Listeners n, Guava guava) {
    guava.bus.post(n.event);
  }

  @Benchmark
  public void greenrobot(Listeners n, Greenrobot greenrobot) {
    greenrobot.bus.post(n.event);
  }
}
