package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replaying a subscriber's dead letter: it goes to that subscriber alone (of the letter's tenant),
 * on the caller's thread; delivered, it is deleted; failed again, it stays with the new error and
 * one attempt more; a subscriber no longer there is named in the error.
 */
@Timeout(30)
class ReplayTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final Instant FIRST = NOW.minusSeconds(600);
  private static final Instant LAST = NOW.minusSeconds(60);

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final EventBus announcer = PipelineFixtures.bus();
  private final DeadLetterStore store = DeadLetterStore.inMemory(100);
  private final Admission admission =
      new Admission("test", BackpressurePolicy.FAIL, Duration.ZERO, 100);
  private final ContractIndex contracts = new ContractIndex(List.of(PipelineFixtures.CATALOG));
  private final RouteRegistry registry = new RouteRegistry(contracts, RetryPolicy.none(),
      100, 100, Map.of(), admission, null);
  private final DeadLettering deadLettering;
  private final Replay replay;
  /** Who was called with which envelope, and on which thread. */
  private final List<String> calls = new ArrayList<>();
  private final List<Envelope<?>> current = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  ReplayTest() {
    Announcements announcements = new Announcements(announcer, admission);
    MetricsRecorder metrics = new MetricsRecorder(false, clock, admission::depth, 100);
    HealthCheck health =
        new HealthCheck("test", clock, admission::depth, 100, admission::isClosed, null, false, 0);
    deadLettering = new DeadLettering(store, new TimeOrderedIds("dlq_", clock), clock, metrics,
        health, announcements);
    replay = new Replay("orders", admission, registry, null, new Invocation(false),
        deadLettering, contracts);
  }

  @AfterEach
  void close() {
    announcer.close();
  }

  /** A subscriber that records its call, then returns what {@code then} makes of the event. */
  private void subscribe(String name, SubscribeOptions options,
      Function<Envelope<?>, CompletionStage<?>> then) {
    registry.subscribeAsync(PING, ping -> {
      Envelope<?> envelope = CurrentEvent.get();
      calls.add(name + ":" + ping.n());
      current.add(envelope);
      threads.add(Thread.currentThread());
      return then.apply(envelope);
    }, options.name(name));
  }

  private void subscribe(String name) {
    subscribe(name, SubscribeOptions.defaults(), e -> null);
  }

  /** A letter of {@code subscriber}, failed three times. */
  private DeadLetter letter(Envelope<?> envelope, String subscriber) {
    deadLettering.deadLetter(envelope, subscriber, DeadLetter.Reason.FAILED,
        new IllegalStateException("card declined"), 3, FIRST, LAST);
    return store.list(DeadLetterQuery.all()).stream()
        .filter(letter -> letter.envelope() == envelope).findFirst().orElseThrow();
  }

  private List<DeadLetter> letters() {
    return store.list(DeadLetterQuery.all());
  }

  @Test
  void aLetterGoesToItsSubscriberAloneOnTheCallersThreadAndIsDeletedOnceDelivered() {
    subscribe("billing");
    subscribe("shipping");
    Envelope<?> envelope = ping(1);
    DeadLetter letter = letter(envelope, "billing");

    assertThat(replay.replay(letter)).isTrue();

    assertThat(calls).containsExactly("billing:1");
    assertThat(current).containsExactly(envelope);
    assertThat(threads).containsExactly(Thread.currentThread());
    assertThat(CurrentEvent.get()).isNull();
    assertThat(letters()).isEmpty();
  }

  @Test
  void aLetterThatFailsAgainStaysWithTheNewErrorAndOneAttemptMore() {
    subscribe("billing", SubscribeOptions.defaults(), e -> {
      throw new IllegalArgumentException("still declined");
    });
    DeadLetter letter = letter(ping(1), "billing");

    assertThat(replay.replay(letter)).isFalse();

    assertThat(calls).containsExactly("billing:1");
    assertThat(letters()).singleElement().satisfies(kept -> {
      assertThat(kept.id()).isEqualTo(letter.id());
      assertThat(kept.envelope()).isSameAs(letter.envelope());
      assertThat(kept.subscriber()).isEqualTo("billing");
      assertThat(kept.reason()).isEqualTo(DeadLetter.Reason.FAILED);
      assertThat(kept.errorType()).isEqualTo(IllegalArgumentException.class.getName());
      assertThat(kept.errorMessage()).isEqualTo("still declined");
      assertThat(kept.stackTrace()).contains("still declined");
      assertThat(kept.attempts()).isEqualTo(4);
      assertThat(kept.firstFailure()).isEqualTo(FIRST);
      assertThat(kept.lastFailure()).isEqualTo(NOW);
    });
  }

  @Test
  void theReplayWaitsForTheListenersStageAndAFailedStageKeepsTheLetter() {
    subscribe("billing", SubscribeOptions.defaults(),
        e -> CompletableFuture.failedFuture(new IllegalStateException("remote said no")));
    DeadLetter letter = letter(ping(1), "billing");

    assertThat(replay.replay(letter)).isFalse();

    assertThat(letters()).singleElement().satisfies(kept -> {
      assertThat(kept.errorType()).isEqualTo(IllegalStateException.class.getName());
      assertThat(kept.errorMessage()).isEqualTo("remote said no");
      assertThat(kept.attempts()).isEqualTo(4);
    });
  }

  @Test
  void aStageThatOutlivesTheSubscribersTimeoutKeepsTheLetterWithATimeout() {
    subscribe("slow", SubscribeOptions.defaults().delivery(Delivery.ASYNC)
        .timeout(Duration.ofMillis(50)), e -> new CompletableFuture<Void>());
    DeadLetter letter = letter(ping(1), "slow");

    assertThat(replay.replay(letter)).isFalse();

    assertThat(letters()).singleElement().satisfies(kept -> {
      assertThat(kept.errorType()).isEqualTo(TimeoutException.class.getName());
      assertThat(kept.attempts()).isEqualTo(4);
    });
  }

  @Test
  void theSubscriberOfTheLettersTenantIsTheOneCalled() {
    List<String> called = new ArrayList<>();
    subscribe("billing", SubscribeOptions.defaults().tenant("acme"), e -> {
      called.add("acme's");
      return null;
    });
    subscribe("billing", SubscribeOptions.defaults().tenant("globex"), e -> {
      called.add("globex's");
      return null;
    });
    DeadLetter letter = letter(ping(1, "globex"), "billing");

    assertThat(replay.replay(letter)).isTrue();

    assertThat(called).containsExactly("globex's");
  }

  @Test
  void anUnknownSubscriberIsNamedInTheErrorAndTheLetterKept() {
    subscribe("shipping");
    DeadLetter letter = letter(ping(1, "acme"), "billing");

    assertThatThrownBy(() -> replay.replay(letter))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No active subscriber named 'billing' hears test:ping of tenant acme on"
            + " EventBus 'orders'; register it before replaying dead letter " + letter.id());
    assertThat(calls).isEmpty();
    assertThat(letters()).containsExactly(letter);
  }

  @Test
  void aCancelledSubscriberIsNoLongerThereToReplayTo() {
    registry.subscribeAsync(PING, ping -> null, SubscribeOptions.named("billing")).cancel();
    DeadLetter letter = letter(ping(1), "billing");

    assertThatThrownBy(() -> replay.replay(letter))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No active subscriber named 'billing' hears test:ping on");
  }

  @Test
  void aQueryReplaysEachLetterItFindsAndCountsThoseDelivered() {
    subscribe("billing");
    subscribe("shipping", SubscribeOptions.defaults(), e -> {
      throw new IllegalStateException("still broken");
    });
    letter(ping(1), "billing");
    letter(ping(2), "shipping");
    letter(ping(3), "billing");

    assertThat(replay.replay(DeadLetterQuery.all())).isEqualTo(2);

    assertThat(letters()).singleElement()
        .satisfies(kept -> assertThat(kept.subscriber()).isEqualTo("shipping"));
  }

  @Test
  void aClosedBusReplaysNothing() {
    subscribe("billing");
    DeadLetter letter = letter(ping(1), "billing");
    admission.close();

    assertThatThrownBy(() -> replay.replay(letter)).isInstanceOf(BusClosedException.class);
    assertThat(calls).isEmpty();
    assertThat(letters()).hasSize(1);
  }
}
