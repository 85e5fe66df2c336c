package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.events.DeliveryDeadLettered;
import dev.herald.runtime.observability.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dead letters: stored with the failure, announced once stored, and logged if the store fails. */
class DeadLetteringTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final EventBus announcer = PipelineFixtures.bus();
  private final List<DeliveryDeadLettered> announced = new CopyOnWriteArrayList<>();
  private final Admission admission =
      new Admission("test", BackpressurePolicy.FAIL, Duration.ZERO, 100);
  private final HealthCheck health =
      new HealthCheck("test", clock, admission::depth, 100, admission::isClosed, null, false, 0);

  DeadLetteringTest() {
    announcer.subscribe(DeliveryDeadLettered.class, announced::add);
  }

  @AfterEach
  void close() {
    announcer.close();
  }

  private DeadLettering deadLettering(DeadLetterStore store) {
    return new DeadLettering(store, new TimeOrderedIds("dlq_", clock), clock,
        new MetricsRecorder(false, clock, admission::depth, 100), health,
        new Announcements(announcer, admission));
  }

  @Test
  void aFailedDeliveryIsStoredWithItsErrorAndAnnounced() {
    DeadLetterStore store = DeadLetterStore.inMemory(10);
    Envelope<?> envelope = ping(7);
    Instant first = NOW.minusSeconds(60);

    deadLettering(store).deadLetter(envelope, "billing", DeadLetter.Reason.FAILED,
        new IllegalStateException("card declined"), 3, first, NOW);

    DeadLetter letter = store.list(DeadLetterQuery.all()).get(0);
    assertThat(letter.id()).startsWith("dlq_");
    assertThat(letter.envelope()).isSameAs(envelope);
    assertThat(letter.subscriber()).isEqualTo("billing");
    assertThat(letter.errorType()).isEqualTo(IllegalStateException.class.getName());
    assertThat(letter.errorMessage()).isEqualTo("card declined");
    assertThat(letter.stackTrace()).contains("card declined").contains("DeadLetteringTest");
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.firstFailure()).isEqualTo(first);
    assertThat(letter.lastFailure()).isEqualTo(NOW);
    assertThat(announced).singleElement().satisfies(event -> {
      assertThat(event.deadLetterId()).isEqualTo(letter.id());
      assertThat(event.eventId()).isEqualTo(envelope.id());
      assertThat(event.reason()).isEqualTo("FAILED");
      assertThat(event.errorType()).isEqualTo(IllegalStateException.class.getName());
    });
  }

  @Test
  void aDeliveryThatNeverRanFailedNow() {
    DeadLetterStore store = DeadLetterStore.inMemory(10);

    deadLettering(store).deadLetter(ping(1), DeadLetter.NO_SUBSCRIBER,
        DeadLetter.Reason.NO_SUBSCRIBER);

    DeadLetter letter = store.list(DeadLetterQuery.all()).get(0);
    assertThat(letter.attempts()).isZero();
    assertThat(letter.errorType()).isNull();
    assertThat(letter.firstFailure()).isEqualTo(NOW);
    assertThat(letter.lastFailure()).isEqualTo(NOW);
    assertThat(announced).singleElement()
        .satisfies(event -> assertThat(event.errorType()).isEmpty());
  }

  @Test
  void whenTheStoreFailsNothingIsAnnouncedAndTheHealthCheckKnows() {
    DeadLetterStore broken = new DeadLetterStore() {
      @Override
      public void add(DeadLetter letter) {
        throw new IllegalStateException("disk full");
      }

      @Override
      public List<DeadLetter> list(DeadLetterQuery query) {
        return List.of();
      }

      @Override
      public Optional<DeadLetter> get(String id) {
        return Optional.empty();
      }

      @Override
      public long count(DeadLetterQuery query) {
        return 0;
      }

      @Override
      public boolean delete(String id) {
        return false;
      }

      @Override
      public int purge(DeadLetterQuery query) {
        return 0;
      }
    };

    deadLettering(broken).deadLetter(ping(1), "billing", DeadLetter.Reason.FAILED,
        new IllegalStateException("card declined"), 1, NOW, NOW);

    assertThat(announced).isEmpty();
    assertThat(health.health().components().get("deadLetterStore").status())
        .isEqualTo(Health.Status.DOWN);
  }

  @Test
  void aReplayThatFailsAgainKeepsTheLetterWithOneAttemptMore() {
    DeadLetterStore store = DeadLetterStore.inMemory(10);
    DeadLettering deadLettering = deadLettering(store);
    Instant first = NOW.minusSeconds(3600);
    deadLettering.deadLetter(ping(1), "billing", DeadLetter.Reason.FAILED,
        new IllegalStateException("first"), 2, first, first);
    DeadLetter letter = store.list(DeadLetterQuery.all()).get(0);

    deadLettering.failedAgain(letter, new IllegalArgumentException("again"));

    assertThat(store.list(DeadLetterQuery.all())).singleElement().satisfies(again -> {
      assertThat(again.id()).isEqualTo(letter.id());
      assertThat(again.attempts()).isEqualTo(3);
      assertThat(again.errorType()).isEqualTo(IllegalArgumentException.class.getName());
      assertThat(again.errorMessage()).isEqualTo("again");
      assertThat(again.firstFailure()).isEqualTo(first);
      assertThat(again.lastFailure()).isEqualTo(NOW);
    });
  }

  @Test
  void longStackTracesAreCut() {
    Throwable deep = new IllegalStateException("deep");
    for (int i = 0; i < 200; i++) {
      deep = new IllegalStateException("level " + i, deep);
    }

    String trace = DeadLettering.stackTrace(deep);

    assertThat(trace).hasSizeLessThanOrEqualTo(8 * 1024 + 20).endsWith("... (truncated)");
  }
}
