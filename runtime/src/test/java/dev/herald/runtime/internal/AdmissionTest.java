package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static dev.herald.runtime.internal.PipelineFixtures.subscriber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.BackpressureException;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.internal.Routes.Route;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Admission: each back-pressure policy at a full backlog, idleness, and a closed bus. */
@Timeout(30)
class AdmissionTest {

  private static DeliveryTask task(String subscriber) {
    return new DeliveryTask(subscriber(subscriber, e -> null), ping(1), null);
  }

  private static Admission admission(BackpressurePolicy policy, Duration blockTimeout) {
    return new Admission("test", policy, blockTimeout, 2);
  }

  @Test
  void failThrowsOnceTheBacklogIsFullNamingTheSubscriberAndTheFix() {
    Admission admission = admission(BackpressurePolicy.FAIL, Duration.ZERO);
    assertThat(admission.admit(task("a"))).isTrue();
    assertThat(admission.admit(task("b"))).isTrue();

    assertThatThrownBy(() -> admission.admit(task("c")))
        .isInstanceOf(BackpressureException.class)
        .hasMessageContaining("EventBus 'test' has 2 asynchronous deliveries queued")
        .hasMessageContaining("was not queued for c")
        .hasMessageContaining("raise queueCapacity");
    assertThat(admission.depth()).isEqualTo(2);

    admission.release(1);
    assertThat(admission.admit(task("c"))).isTrue();
  }

  @Test
  void failReservesForEverySubscriberOfAnEventOrForNone() {
    Admission admission = admission(BackpressurePolicy.FAIL, Duration.ZERO);
    Subscriber[] three = {subscriber("a", e -> null), subscriber("b", e -> null),
        subscriber("c", e -> null)};
    Subscriber[] two = {three[0], three[1]};
    Envelope<?> envelope = ping(1);

    assertThatThrownBy(() -> admission.reserveAll(new Route(new Subscriber[0], three, null),
        envelope, 0)).isInstanceOf(BackpressureException.class)
        .hasMessageContaining("reached none of its subscribers [a, b, c]");
    assertThat(admission.depth()).isZero();

    assertThat(admission.reserveAll(new Route(new Subscriber[0], two, null), envelope, 0))
        .isEqualTo(2);
    assertThat(admission.depth()).isEqualTo(2);
  }

  @Test
  void subscribersWhoseFilterTurnedTheEventDownReserveNothing() {
    Admission admission = admission(BackpressurePolicy.FAIL, Duration.ZERO);
    Subscriber[] three = {subscriber("a", e -> null), subscriber("b", e -> null),
        subscriber("c", e -> null)};

    assertThat(admission.reserveAll(new Route(new Subscriber[0], three, null), ping(1), 0b101))
        .isEqualTo(1);
    assertThat(admission.depth()).isEqualTo(1);
  }

  @Test
  void otherPoliciesReserveNothingUpFront() {
    Admission admission = admission(BackpressurePolicy.DEAD_LETTER, Duration.ZERO);
    Subscriber[] three = {subscriber("a", e -> null), subscriber("b", e -> null),
        subscriber("c", e -> null)};

    assertThat(admission.reserveAll(new Route(new Subscriber[0], three, null), ping(1), 0))
        .isZero();
    assertThat(admission.depth()).isZero();
  }

  @Test
  void deadLetterRefusesAtOnceWhenFull() {
    Admission admission = admission(BackpressurePolicy.DEAD_LETTER, Duration.ofSeconds(10));
    admission.admit(task("a"));
    admission.admit(task("b"));

    long start = System.nanoTime();
    assertThat(admission.admit(task("c"))).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(admission.depth()).isEqualTo(2);
  }

  @Test
  void blockWaitsForRoomAndTakesItWhenADeliveryFinishes() throws Exception {
    Admission admission = admission(BackpressurePolicy.BLOCK, Duration.ofSeconds(20));
    admission.admit(task("a"));
    admission.admit(task("b"));

    CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(
        () -> admission.admit(task("c")));
    assertThat(blocked).isNotDone(); // full, and nothing was released
    admission.release(1);

    assertThat(blocked.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(admission.depth()).isEqualTo(2);
  }

  @Test
  void blockGivesUpAfterTheBlockTimeout() {
    Admission admission = admission(BackpressurePolicy.BLOCK, Duration.ofMillis(50));
    admission.admit(task("a"));
    admission.admit(task("b"));

    long start = System.nanoTime();
    assertThat(admission.admit(task("c"))).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(admission.depth()).isEqualTo(2);
  }

  @Test
  void aRetryIsReadmittedBeyondTheCapacity() {
    Admission admission = admission(BackpressurePolicy.FAIL, Duration.ZERO);
    admission.admit(task("a"));
    admission.admit(task("b"));

    admission.readmit();

    assertThat(admission.depth()).isEqualTo(3);
  }

  @Test
  void idleOnceEveryDeliveryIsReleased() throws Exception {
    Admission admission = admission(BackpressurePolicy.FAIL, Duration.ZERO);
    assertThat(admission.awaitIdle(Duration.ZERO)).isTrue();
    admission.admit(task("a"));

    assertThat(admission.awaitIdle(Duration.ofMillis(20))).isFalse();
    CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
      try {
        return admission.awaitIdle(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    admission.release(1);

    assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aClosedBusRefusesWorkNamingItself() {
    Admission admission = admission(BackpressurePolicy.FAIL, Duration.ZERO);
    admission.ensureOpen();

    admission.close();

    assertThat(admission.isClosed()).isTrue();
    assertThatThrownBy(admission::ensureOpen).isInstanceOf(BusClosedException.class)
        .hasMessageContaining("EventBus 'test' is closed");
  }
}
