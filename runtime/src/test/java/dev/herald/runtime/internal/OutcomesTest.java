package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static dev.herald.runtime.internal.PipelineFixtures.subscriber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.events.DeliveryFailed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What follows an attempt: a retry after a backoff within the jitter's bounds, or a dead letter
 * with the failures' times from the bus's clock; each outcome claimed once.
 */
class OutcomesTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final RetryPolicy THREE_TRIES =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(300), 0.5);

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final HeldRetries scheduler = new HeldRetries();
  private final EventBus announcer = PipelineFixtures.bus();
  private final List<DeliveryFailed> announced = new CopyOnWriteArrayList<>();
  private final DeadLetterStore store = DeadLetterStore.inMemory(100);
  private final Admission admission =
      new Admission("test", BackpressurePolicy.FAIL, Duration.ZERO, 10_000);
  private final InFlight inFlight = new InFlight();
  private final Outcomes outcomes;

  OutcomesTest() {
    announcer.subscribe(DeliveryFailed.class, announced::add);
    Announcements announcements = new Announcements(announcer, admission);
    MetricsRecorder metrics = new MetricsRecorder(false, clock, admission::depth, 100);
    HealthCheck health =
        new HealthCheck("test", clock, admission::depth, 100, admission::isClosed, null, false, 0);
    DeadLettering deadLettering = new DeadLettering(store, new TimeOrderedIds("dlq_", clock),
        clock, metrics, health, announcements);
    outcomes = new Outcomes(clock, admission, inFlight, deadLettering, announcements, scheduler);
  }

  @AfterEach
  void close() {
    announcer.close();
    scheduler.shutdownNow();
  }

  private static DeliveryTask task(RetryPolicy retry) {
    return new DeliveryTask(subscriber("flaky", Delivery.ASYNC, retry, Duration.ZERO, e -> null),
        ping(1), null);
  }

  /** A task taken on and failed {@code attempts} times. */
  private DeliveryTask failed(RetryPolicy retry, int attempts) {
    DeliveryTask task = task(retry);
    admission.admit(task);
    task.accepted();
    for (int i = 1; i <= attempts; i++) {
      task.attempts = i;
      outcomes.failed(task, new IllegalStateException("failure " + i));
    }
    return task;
  }

  @Test
  void eachRetryWaitsTheDoublingBackoffLessAtMostTheJitterUpToTheCap() {
    RetryPolicy retry = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(300), 0.5);
    for (int sample = 0; sample < 200; sample++) {
      failed(retry, 5);
    }
    assertThat(scheduler.delaysNanos).hasSize(200 * 5);
    long[] ceilings = {100, 200, 300, 300, 300}; // after attempts 1 to 5, in milliseconds
    for (int i = 0; i < scheduler.delaysNanos.size(); i++) {
      long ceiling = TimeUnit.MILLISECONDS.toNanos(ceilings[i % 5]);
      assertThat(scheduler.delaysNanos.get(i)).as("wait after attempt %s", i % 5 + 1)
          .isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void withoutJitterTheBackoffIsExact() {
    failed(THREE_TRIES.withJitter(0), 2);

    assertThat(scheduler.delaysNanos).containsExactly(TimeUnit.MILLISECONDS.toNanos(100),
        TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void aRetryIsAnnouncedCountedInFlightAndTimedByTheBusClock() {
    DeliveryTask task = failed(THREE_TRIES, 1);

    assertThat(task.firstFailure).isEqualTo(NOW);
    assertThat(task.lastFailure).isEqualTo(NOW);
    assertThat(task.lastError).hasMessage("failure 1");
    assertThat(task.isFinished()).isFalse();
    assertThat(inFlight.snapshot()).containsExactly(task);
    assertThat(admission.depth()).isEqualTo(1);
    assertThat(announced).singleElement().satisfies(failed -> {
      assertThat(failed.attempt()).isEqualTo(1);
      assertThat(failed.maxAttempts()).isEqualTo(3);
      assertThat(failed.willRetry()).isTrue();
      assertThat(failed.errorMessage()).isEqualTo("failure 1");
    });
    assertThat(store.count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void theLastAttemptIsDeadLetteredAndFreesWhatTheDeliveryHeld() {
    DeliveryTask task = failed(THREE_TRIES, 3);

    assertThat(scheduler.delaysNanos).hasSize(2);
    assertThat(task.isFinished()).isTrue();
    assertThat(inFlight.snapshot()).isEmpty();
    assertThat(admission.depth()).isZero();
    List<DeadLetter> letters = store.list(DeadLetterQuery.all());
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.subscriber()).isEqualTo("flaky");
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.errorMessage()).isEqualTo("failure 3");
      assertThat(letter.firstFailure()).isEqualTo(NOW);
      assertThat(letter.lastFailure()).isEqualTo(NOW);
    });
    assertThat(announced).extracting(DeliveryFailed::willRetry).containsExactly(true, true, false);
  }

  @Test
  void aClosedBusRetriesNothing() {
    admission.close();

    failed(THREE_TRIES, 1);

    assertThat(scheduler.delaysNanos).isEmpty();
    assertThat(store.list(DeadLetterQuery.all())).singleElement()
        .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(1));
  }

  @Test
  void aSyncDeliverysRetryBecomesAsynchronousWork() {
    DeliveryTask task = task(THREE_TRIES);
    task.attempts = 1;

    outcomes.failed(task, new IllegalStateException("sync failure"));

    assertThat(task.counted).isTrue();
    assertThat(admission.depth()).isEqualTo(1);
    assertThat(scheduler.delaysNanos).hasSize(1);
  }

  @Test
  void anOutcomeIsDecidedOnce() {
    DeliveryTask task = task(RetryPolicy.none());
    admission.admit(task);
    task.accepted();
    task.attempts = 1;

    outcomes.succeeded(task, AsyncCounts.SHARED);
    outcomes.failed(task, new IllegalStateException("too late"));
    outcomes.finish(task, DeadLetter.Reason.SHUTDOWN, null);

    assertThat(store.count(DeadLetterQuery.all())).isZero();
    assertThat(admission.depth()).isZero();
  }

  @Test
  void aRefusedDeliveryIsDeadLetteredWithoutAnAttempt() {
    outcomes.refused(task(THREE_TRIES));

    assertThat(store.list(DeadLetterQuery.all())).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.BACKPRESSURE);
      assertThat(letter.attempts()).isZero();
      assertThat(letter.firstFailure()).isEqualTo(NOW);
    });
  }
}
