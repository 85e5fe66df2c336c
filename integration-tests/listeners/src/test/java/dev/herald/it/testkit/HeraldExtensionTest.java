package dev.herald.it.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.test.AllowDeadLetters;
import dev.herald.test.EventRecorder;
import dev.herald.test.HeraldExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link HeraldExtension}: what it injects, and what it checks after each test. The checks are
 * tested on fixture classes that {@link EngineTestKit} runs, so that a fixture's failure is
 * something to assert on rather than a failure of the build.
 */
@Timeout(60)
@ExtendWith(HeraldExtension.class)
class HeraldExtensionTest {

  private EventBus busBeforeEach;
  private EventRecorder recorderBeforeEach;

  @BeforeEach
  void setUp(EventBus bus, EventRecorder recorder) {
    busBeforeEach = bus;
    recorderBeforeEach = recorder;
  }

  @Test
  void injectsOneBusAndItsRecorderPerTest(EventBus bus, EventRecorder recorder) {
    assertThat(bus).isSameAs(busBeforeEach);
    assertThat(recorder).isSameAs(recorderBeforeEach);
    assertThat(bus.source()).isEqualTo("test");

    bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())),
        SubscribeOptions.defaults().delivery(Delivery.ASYNC));
    bus.publish(new Ping(1));

    assertThat(recorder.await(EventMap.TEST_PONG, Duration.ofSeconds(10))).isEqualTo(new Pong(1));
  }

  @Test
  void eachTestGetsAFreshBus(EventBus bus) {
    // Test methods run in any order; whichever ran first, its bus was closed and this one is new.
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
    assertThat(bus).isNotSameAs(Fixtures.buses.get("clean"));
    bus.publish(new Ping(1)); // open
  }

  // ---------------------------------------------------------------- post-test checks

  @Test
  void aCleanTestPassesAndItsBusIsClosedAfterwards() {
    EngineExecutionResults results = run(Fixtures.Clean.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    EventBus used = Fixtures.buses.get("clean");
    assertThat(used.source()).isEqualTo("fixture");
    assertThatThrownBy(() -> used.publish(new Ping(2))).isInstanceOf(BusClosedException.class);
  }

  @Test
  void aTestThatLeavesDeliveriesRunningFails() {
    EngineExecutionResults results = run(Fixtures.Leaking.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    assertThat(failures(results)).containsOnlyKeys("leavesAListenerRunning")
        .extractingByKey("leavesAListenerRunning").asString()
        .startsWith("EventBus 'leaky' still had deliveries queued or running 200 ms after the"
            + " test; they were dead-lettered when the bus closed:\n"
            + "  1. test:ping for stuck: SHUTDOWN after 1 attempt")
        .contains("await it with EventRecorder.await(...)")
        .doesNotContain("produced"); // the SHUTDOWN letter is the unfinished delivery, not a second problem
    assertThatThrownBy(() -> Fixtures.buses.get("leaky").publish(new Ping(2)))
        .isInstanceOf(BusClosedException.class);
  }

  @Test
  void aTestThatProducesDeadLettersFailsUnlessItOptsOut() {
    EngineExecutionResults results = run(Fixtures.DeadLetters.class);

    results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
    assertThat(failures(results)).containsOnlyKeys("producesADeadLetter")
        .extractingByKey("producesADeadLetter").asString()
        .isEqualTo("""
            The test produced a dead letter on EventBus 'test':
              1. test:ping for broken: FAILED after 1 attempt, java.lang.IllegalStateException: \
            listener bug
            If the test expects them, annotate it with @AllowDeadLetters, or build the extension \
            with HeraldExtension.withBus(...).allowDeadLetters().""");
  }

  @Test
  void deadLettersCanBeAllowedForAWholeClassOrExtension() {
    run(Fixtures.AllowedOnClass.class)
        .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    run(Fixtures.AllowedByExtension.class)
        .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void aTestWithoutABusIsLeftAlone() {
    run(Fixtures.NoBus.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void aBusCannotOutliveItsTest() {
    EngineExecutionResults results = run(Fixtures.BusInBeforeAll.class);

    assertThat(results.containerEvents().failed().stream().map(HeraldExtensionTest::message))
        .singleElement().asString()
        .contains("HeraldExtension makes one EventBus per test")
        .contains("@Test, @BeforeEach and @AfterEach methods only");
  }

  @Test
  void fixturesAreSkippedWhenTheBuildRunsThem() {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Fixtures.Leaking.class)).execute();

    results.containerEvents().assertStatistics(stats -> stats.skipped(1));
    results.testEvents().assertStatistics(stats -> stats.started(0));
  }

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInEngineTestKit.ENABLED, "true")
        .selectors(selectClass(fixture))
        .execute();
  }

  /** Failed tests' method names and failure messages. */
  private static Map<String, String> failures(EngineExecutionResults results) {
    return results.testEvents().failed().stream().collect(Collectors.toMap(
        e -> ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName(),
        HeraldExtensionTest::message));
  }

  private static String message(Event event) {
    return event.getRequiredPayload(TestExecutionResult.class).getThrowable()
        .map(Throwable::getMessage).orElse("");
  }

  /** Test classes that the tests above run through EngineTestKit. */
  static final class Fixtures {

    /** The bus each fixture used, by fixture, to check afterwards that it was closed. */
    static final Map<String, EventBus> buses = new ConcurrentHashMap<>();

    private Fixtures() {}

    @ExtendWith(OnlyInEngineTestKit.class)
    static class Clean {
      @RegisterExtension
      static final HeraldExtension herald = HeraldExtension.withBus(b -> b.source("fixture"));

      @Test
      void awaitsItsAsyncWork(EventBus bus, EventRecorder recorder) {
        buses.put("clean", bus);
        bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())),
            SubscribeOptions.defaults().delivery(Delivery.ORDERED));
        bus.publish(new Ping(1));
        recorder.await(EventMap.TEST_PONG, Duration.ofSeconds(10));
      }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class Leaking {
      @RegisterExtension
      static final HeraldExtension herald = HeraldExtension.withBus(b -> b.source("leaky"))
          .idleTimeout(Duration.ofMillis(200));

      @Test
      void leavesAListenerRunning(EventBus bus) {
        buses.put("leaky", bus);
        CountDownLatch never = new CountDownLatch(1);
        bus.subscribe(Ping.class, p -> {
          try {
            never.await(); // until the bus closes and interrupts its threads
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, SubscribeOptions.named("stuck").delivery(Delivery.ASYNC).maxAttempts(1));
        bus.publish(new Ping(1));
      }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    @ExtendWith(HeraldExtension.class)
    static class DeadLetters {
      @Test
      void producesADeadLetter(EventBus bus) {
        breakPings(bus);
      }

      @Test
      @AllowDeadLetters
      void expectsADeadLetter(EventBus bus) {
        breakPings(bus);
      }

      @Test
      void producesNone(EventBus bus) {
        bus.publish(new Ping(1));
      }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    @ExtendWith(HeraldExtension.class)
    @AllowDeadLetters
    static class AllowedOnClass {
      @Test
      void expectsADeadLetter(EventBus bus) {
        breakPings(bus);
      }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class AllowedByExtension {
      @RegisterExtension
      static final HeraldExtension herald = HeraldExtension.withBus(b -> {}).allowDeadLetters();

      @Test
      void expectsADeadLetter(EventBus bus) {
        breakPings(bus);
      }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    @ExtendWith(HeraldExtension.class)
    static class NoBus {
      @Test
      void needsNoBus() {
        assertThat(List.of()).isEmpty();
      }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    @ExtendWith(HeraldExtension.class)
    static class BusInBeforeAll {
      @BeforeAll
      static void setUp(EventBus bus) {
        bus.publish(new Ping(1));
      }

      @Test
      void neverRuns() {}
    }

    static void breakPings(EventBus bus) {
      bus.subscribe(Ping.class, p -> {
        throw new IllegalStateException("listener bug");
      }, SubscribeOptions.named("broken").maxAttempts(1));
      bus.publish(new Ping(1));
    }
  }
}
