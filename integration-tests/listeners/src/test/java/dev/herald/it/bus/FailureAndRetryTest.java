package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failure isolation, retries with exponential backoff, and the dead letter after the last attempt. */
@Timeout(60)
class FailureAndRetryTest {

  /**
   * No jitter, so that each wait is at least its nominal value and the doubling shows; the system
   * clock read per event (not the default, millisecond-cached one), so that failure times are exact.
   */
  private final EventBus bus = EventBus.builder().source("test").clock(Clock.systemUTC())
      .retry(RetryPolicy.defaults().withJitter(0)).build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  @Test
  void aFailingAsyncListenerAffectsNeitherOthersNorThePublisher() throws Exception {
    List<Integer> asyncHeard = new CopyOnWriteArrayList<>();
    List<Integer> orderedHeard = new CopyOnWriteArrayList<>();
    List<Integer> syncHeard = new CopyOnWriteArrayList<>();
    for (Delivery mode : Delivery.values()) {
      bus.subscribe(Ping.class, p -> {
        throw new IllegalStateException("broken " + mode);
      }, SubscribeOptions.named("broken-" + mode).priority(10).delivery(mode).maxAttempts(1));
    }
    bus.subscribe(Ping.class, p -> asyncHeard.add(p.n()), SubscribeOptions.defaults().delivery(Delivery.ASYNC));
    bus.subscribe(Ping.class, p -> orderedHeard.add(p.n()),
        SubscribeOptions.defaults().delivery(Delivery.ORDERED));
    bus.subscribe(Ping.class, p -> syncHeard.add(p.n()));

    assertThatCode(() -> {
      for (int i = 1; i <= 20; i++) {
        bus.publish(new Ping(i));
      }
    }).doesNotThrowAnyException();
    Await.idle(bus);

    List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      all.add(i);
    }
    assertThat(syncHeard).containsExactlyElementsOf(all);
    assertThat(orderedHeard).containsExactlyElementsOf(all);
    assertThat(asyncHeard).containsExactlyInAnyOrderElementsOf(all);
    for (Delivery mode : Delivery.values()) {
      assertThat(bus.deadLetters().count(DeadLetterQuery.all().subscriber("broken-" + mode)))
          .as(mode.name()).isEqualTo(20);
    }
  }

  /** Records when each attempt happened; fails until attempt {@code succeedAt} (0: never). */
  static final class Attempts {
    final List<Long> nanos = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final int succeedAt;

    Attempts(int succeedAt) {
      this.succeedAt = succeedAt;
    }

    void on(Ping ping) {
      nanos.add(System.nanoTime());
      threads.add(Thread.currentThread().getName());
      if (nanos.size() != succeedAt) {
        throw new IllegalStateException("attempt " + nanos.size() + " failed");
      }
    }

    List<Duration> gaps() {
      List<Duration> gaps = new ArrayList<>();
      for (int i = 1; i < nanos.size(); i++) {
        gaps.add(Duration.ofNanos(nanos.get(i) - nanos.get(i - 1)));
      }
      return gaps;
    }
  }

  @Test
  void retriesWaitExponentiallyLongerThenDeadLetter() throws Exception {
    Attempts attempts = new Attempts(0);
    bus.subscribe(Ping.class, attempts::on, SubscribeOptions.named("doubling")
        .delivery(Delivery.ASYNC).maxAttempts(4)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(10)));

    Envelope<Ping> sent = bus.publish(new Ping(1));
    Await.idle(bus);

    assertThat(attempts.nanos).hasSize(4);
    List<Duration> gaps = attempts.gaps();
    // Nominal waits 100, 200, 400 ms: each gap at least its wait (a late worker only adds to it).
    long[] nominal = {100, 200, 400};
    for (int i = 0; i < 3; i++) {
      assertThat(gaps.get(i)).as("wait before attempt %d", i + 2)
          .isGreaterThanOrEqualTo(Duration.ofMillis(nominal[i] - 2))
          .isLessThan(Duration.ofMillis(nominal[i] + 5_000));
    }
    assertThat(gaps.get(2)).isGreaterThan(gaps.get(0));

    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all().subscriber("doubling")).get(0);
    assertThat(letter.attempts()).isEqualTo(4);
    assertThat(letter.envelope().id()).isEqualTo(sent.id());
    assertThat(Duration.between(letter.firstFailure(), letter.lastFailure()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(690));
  }

  @Test
  void theCapBoundsEveryWait() throws Exception {
    Attempts attempts = new Attempts(0);
    bus.subscribe(Ping.class, attempts::on, SubscribeOptions.named("capped")
        .delivery(Delivery.ASYNC).maxAttempts(6)
        .backoff(Duration.ofMillis(100), Duration.ofMillis(150)));

    bus.publish(new Ping(1));
    Await.idle(bus);

    assertThat(attempts.nanos).hasSize(6);
    List<Duration> gaps = attempts.gaps();
    assertThat(gaps.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(98));
    for (int i = 1; i < 5; i++) {
      assertThat(gaps.get(i)).isGreaterThanOrEqualTo(Duration.ofMillis(148));
    }
    // Capped, the last three waits are 450 ms together; uncapped they would be 2,800 ms (400, 800,
    // 1,600): a bound between the two leaves a slow machine over a second of slack.
    Duration lastThree = gaps.get(2).plus(gaps.get(3)).plus(gaps.get(4));
    assertThat(lastThree).isLessThan(Duration.ofMillis(2_000));
  }

  @Test
  void aSyncListenersRetriesRunOffThePublishersThreadAndMaySucceed() throws Exception {
    Attempts attempts = new Attempts(3);
    bus.subscribe(Ping.class, attempts::on, SubscribeOptions.named("third-time-lucky")
        .maxAttempts(5).backoff(Duration.ofMillis(20), Duration.ofMillis(40)));

    bus.publish(new Ping(1));
    Await.idle(bus);

    assertThat(attempts.nanos).hasSize(3);
    assertThat(attempts.threads.get(0)).isEqualTo(Thread.currentThread().getName());
    assertThat(attempts.threads.subList(1, 3))
        .allSatisfy(name -> assertThat(name).startsWith("herald-test-"));
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void theBusRetryPolicyAppliesWhenASubscriptionSetsNone() throws Exception {
    EventBus custom = EventBus.builder().source("retry")
        .retry(RetryPolicy.defaults().withMaxAttempts(3).withBackoff(Duration.ofMillis(5),
            Duration.ofMillis(5))).build();
    try {
      AtomicInteger calls = new AtomicInteger();
      custom.subscribe(Ping.class, p -> {
        calls.incrementAndGet();
        throw new IllegalStateException("nope");
      }, SubscribeOptions.named("defaults").delivery(Delivery.ASYNC));
      custom.publish(new Ping(1));
      assertThat(custom.awaitIdle(Await.PATIENCE)).isTrue();
      assertThat(calls).hasValue(3);
      assertThat(custom.deadLetters().list(DeadLetterQuery.all())).singleElement()
          .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(3));
    } finally {
      custom.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void jitterTakesARandomShareOffEachWait() {
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5);
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      waits.add(policy.backoffAfter(2)); // nominal 200 ms
    }
    assertThat(waits).allSatisfy(wait -> assertThat(wait)
        .isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
    assertThat(waits.stream().distinct().count()).isGreaterThan(100);
    assertThat(policy.backoffAfter(10)).isLessThanOrEqualTo(Duration.ofSeconds(1));
  }
}
