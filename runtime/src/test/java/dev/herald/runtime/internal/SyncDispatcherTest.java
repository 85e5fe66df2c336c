package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import dev.herald.runtime.observability.MdcKeys;
import dev.herald.runtime.spi.DeliveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * SYNC delivery on the publisher's thread: subscribers in priority then registration order, each
 * called whatever the others did, with the envelope current and in the MDC; a failure becomes a
 * retry or a dead letter; an event published from a listener waits for the current one's
 * subscribers.
 */
@Timeout(30)
class SyncDispatcherTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  /** Runs retries' attempts when the test says so, on the test's thread. */
  private final Queue<Runnable> executor = new ArrayDeque<>();
  private final HeldRetries retries = new HeldRetries();
  private final EventBus announcer = PipelineFixtures.bus();
  private final DeadLetterStore store = DeadLetterStore.inMemory(100);
  private final Admission admission =
      new Admission("test", BackpressurePolicy.FAIL, Duration.ZERO, 100);
  private final Invocation invocation = new Invocation(true);
  private final Outcomes outcomes;
  private final RouteRegistry registry;
  private final SyncDispatcher dispatcher;
  private final CurrentEvent.State thread = CurrentEvent.state();
  /** Who was called with what: "name:n". */
  private final List<String> calls = new ArrayList<>();

  SyncDispatcherTest() {
    Announcements announcements = new Announcements(announcer, admission);
    MetricsRecorder metrics = new MetricsRecorder(false, clock, admission::depth, 100);
    HealthCheck health =
        new HealthCheck("test", clock, admission::depth, 100, admission::isClosed, null, false, 0);
    DeadLettering deadLettering = new DeadLettering(store, new TimeOrderedIds("dlq_", clock),
        clock, metrics, health, announcements);
    InFlight inFlight = new InFlight();
    outcomes = new Outcomes(clock, admission, inFlight, deadLettering, announcements, retries);
    AsyncDispatcher async =
        new AsyncDispatcher(executor::add, false, admission, invocation, outcomes, inFlight);
    registry = new RouteRegistry(new ContractIndex(List.of(PipelineFixtures.CATALOG)),
        RetryPolicy.none().withBackoff(Duration.ofMillis(1), Duration.ofMillis(1)), 100, 100,
        Map.of(), admission, async);
    dispatcher = new SyncDispatcher(invocation, outcomes, async, null);
  }

  @AfterEach
  void close() {
    announcer.close();
    retries.shutdownNow();
    thread.current = null;
    MDC.clear();
  }

  /** A SYNC subscriber that records its call, then does {@code then}. */
  private void subscribe(String name, SubscribeOptions options, Consumer<Envelope<Ping>> then) {
    registry.subscribeEnvelopes(PING, envelope -> {
      calls.add(name + ":" + envelope.payload().n());
      then.accept(envelope);
    }, options.name(name));
  }

  private void subscribe(String name) {
    subscribe(name, SubscribeOptions.defaults(), e -> { });
  }

  private void publish(Envelope<?> envelope) {
    dispatch(envelope, null);
  }

  private void dispatch(Envelope<?> envelope, DeliveryTracker tracker) {
    dispatcher.dispatch(CurrentEvent.state(), envelope, registry.routeOf(PING).sync, tracker, null);
  }

  private List<DeadLetter> letters() {
    return store.list(DeadLetterQuery.all());
  }

  @Test
  void subscribersRunInPriorityThenRegistrationOrderOnThePublishersThread() {
    List<Thread> threads = new ArrayList<>();
    Consumer<Envelope<Ping>> onThread = e -> threads.add(Thread.currentThread());
    subscribe("low", SubscribeOptions.defaults(), onThread);
    subscribe("high", SubscribeOptions.defaults().priority(10), onThread);
    subscribe("low-too", SubscribeOptions.defaults(), onThread);
    subscribe("middle", SubscribeOptions.defaults().priority(5), onThread);

    publish(ping(1));

    assertThat(calls).containsExactly("high:1", "middle:1", "low:1", "low-too:1");
    assertThat(threads).containsOnly(Thread.currentThread()).hasSize(4);
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthersAndIsDeadLettered() {
    subscribe("first");
    subscribe("broken", SubscribeOptions.defaults(), e -> {
      throw new IllegalStateException("listener bug");
    });
    subscribe("last");
    Envelope<?> envelope = ping(1);

    publish(envelope);

    assertThat(calls).containsExactly("first:1", "broken:1", "last:1");
    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.subscriber()).isEqualTo("broken");
      assertThat(letter.envelope()).isSameAs(envelope);
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
      assertThat(letter.errorMessage()).isEqualTo("listener bug");
      assertThat(letter.attempts()).isEqualTo(1);
    });
    assertThat(admission.depth()).isZero();
  }

  @Test
  void aFailureWithAttemptsLeftIsRetriedAsynchronouslyAndNotDeadLettered() {
    boolean[] failed = {false};
    subscribe("flaky", SubscribeOptions.defaults().maxAttempts(2), e -> {
      if (!failed[0]) {
        failed[0] = true;
        throw new IllegalStateException("first try");
      }
    });
    subscribe("steady");

    publish(ping(1));
    assertThat(calls).containsExactly("flaky:1", "steady:1");
    assertThat(admission.depth()).as("the retry is asynchronous work").isEqualTo(1);

    assertThat(retries.delaysNanos).hasSize(1);
    retries.elapseAll(); // its backoff over, the retry is handed to the executor
    for (Runnable attempt; (attempt = executor.poll()) != null; ) {
      attempt.run();
    }

    assertThat(calls).containsExactly("flaky:1", "steady:1", "flaky:1");
    assertThat(letters()).isEmpty();
    assertThat(admission.depth()).isZero();
  }

  @Test
  void aStageThatFailsLaterIsDeadLetteredWhenItFails() {
    CompletableFuture<Void> later = new CompletableFuture<>();
    registry.subscribeAsync(PING, ping -> {
      calls.add("async:" + ping.n());
      return later;
    }, SubscribeOptions.named("async"));
    subscribe("next");

    publish(ping(1));
    assertThat(calls).as("the publisher does not wait").containsExactly("async:1", "next:1");
    assertThat(letters()).isEmpty();

    later.completeExceptionally(new IllegalStateException("remote said no"));

    assertThat(letters()).singleElement().satisfies(letter -> {
      assertThat(letter.subscriber()).isEqualTo("async");
      assertThat(letter.errorMessage()).isEqualTo("remote said no");
    });
  }

  @Test
  void aTrackerHearsEveryDeliveryAndEachFailure() throws Exception {
    subscribe("first");
    subscribe("broken", SubscribeOptions.defaults(), e -> {
      throw new IllegalStateException("listener bug");
    });
    subscribe("last");
    Envelope<?> envelope = ping(1);
    DeliveryTracker tracker = new DeliveryTracker(envelope);

    dispatch(envelope, tracker);
    tracker.dispatched();

    DeliveryOutcome outcome = tracker.outcome().get(10, TimeUnit.SECONDS);
    assertThat(outcome.heard()).isEqualTo(3);
    assertThat(outcome.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.subscriber()).isEqualTo("broken");
      assertThat(failure.message()).isEqualTo("listener bug");
    });
    assertThat(letters()).as("the transport decides, not the store").isEmpty();
  }

  @Test
  void theEnvelopeIsCurrentAndInTheMdcDuringEachCallAndRestoredAfter() {
    List<Object> seen = new ArrayList<>();
    Consumer<Envelope<Ping>> look = e -> {
      seen.add(CurrentEvent.get());
      seen.add(MDC.get(MdcKeys.EVENT_ID));
    };
    subscribe("first", SubscribeOptions.defaults(), look);
    subscribe("broken", SubscribeOptions.defaults(), look.andThen(e -> {
      throw new IllegalStateException("listener bug");
    }));
    subscribe("last", SubscribeOptions.defaults(), look);
    Envelope<?> outer = ping(0); // the event of a listener that publishes
    Envelope<?> previous = invocation.enter(thread, outer);
    Envelope<?> envelope = ping(1);

    publish(envelope);

    assertThat(seen).containsExactly(envelope, envelope.id(), envelope, envelope.id(), envelope,
        envelope.id());
    assertThat(thread.current).isSameAs(outer);
    assertThat(MDC.get(MdcKeys.EVENT_ID)).isEqualTo(outer.id());
    invocation.exit(thread, previous);
    assertThat(thread.current).isNull();
    assertThat(MDC.get(MdcKeys.EVENT_ID)).isNull();
  }

  @Test
  void anEventPublishedFromAListenerWaitsForTheCurrentEventsSubscribers() {
    List<Object> current = new ArrayList<>();
    subscribe("publisher", SubscribeOptions.defaults(), e -> {
      if (e.payload().n() < 3) {
        publish(ping(e.payload().n() + 1));
        current.add(CurrentEvent.get()); // still its own event after publishing
      }
    });
    subscribe("witness", SubscribeOptions.defaults(), e -> current.add(CurrentEvent.get()));
    Envelope<?> first = ping(1);

    publish(first);

    assertThat(calls).containsExactly("publisher:1", "witness:1", "publisher:2", "witness:2",
        "publisher:3", "witness:3");
    assertThat(current.get(0)).isSameAs(first);
    assertThat(current.get(1)).isSameAs(first);
    assertThat(((Envelope<?>) current.get(3)).payload()).isEqualTo(new Ping(2));
    assertThat(thread.current).isNull();
    assertThat(thread.dispatching).as("no dispatch left under way").isZero();
  }

  @Test
  void anotherBusOnTheSameThreadDeliversAtOnceAndLeavesThisBusesQueueAlone() {
    SyncDispatcher other = new SyncDispatcher(invocation, outcomes, null, null);
    Subscriber otherListener = PipelineFixtures.subscriber("other", Delivery.SYNC,
        RetryPolicy.none(), Duration.ZERO, e -> {
          calls.add("other:" + ((Ping) e.payload()).n());
          return null;
        });
    subscribe("publisher", SubscribeOptions.defaults(), e -> {
      if (e.payload().n() == 1) {
        publish(ping(2)); // queued behind this event on this bus
        other.dispatch(CurrentEvent.state(), ping(10), new Subscriber[] {otherListener}, null,
            null); // another bus: at once
      }
    });
    subscribe("witness");

    publish(ping(1));

    assertThat(calls).containsExactly("publisher:1", "other:10", "witness:1", "publisher:2",
        "witness:2");
  }
}
