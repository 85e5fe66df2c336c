package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.BackpressureException;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded asynchronous queues: when full, publish fails, dead-letters or blocks; nothing vanishes. */
@Timeout(60)
class BackpressureTest {

  private EventBus bus;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Integer> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    release.countDown();
    if (bus != null) {
      bus.close(Duration.ofSeconds(5));
    }
  }

  /** A bus of the given capacity whose one ASYNC subscriber, "stuck", waits for {@link #release}. */
  private EventBus stuckBus(int capacity, BackpressurePolicy policy, Duration blockTimeout) {
    bus = EventBus.builder().source("test").queueCapacity(capacity)
        .backpressure(policy, blockTimeout).build();
    bus.subscribe(Ping.class, p -> {
      try {
        release.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heard.add(p.n());
    }, SubscribeOptions.named("stuck").delivery(Delivery.ASYNC));
    return bus;
  }

  @Test
  void failThrowsAClearBackpressureExceptionAndDeliversNothingOfTheRefusedEvent() throws Exception {
    stuckBus(2, BackpressurePolicy.FAIL, Duration.ofSeconds(5));
    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    assertThatThrownBy(() -> bus.publish(new Ping(3)))
        .isInstanceOf(BackpressureException.class)
        .hasMessageContaining("test:ping")
        .hasMessageContaining("stuck")
        .hasMessageContaining("capacity")
        .hasMessageContaining("queueCapacity");

    release.countDown();
    Await.idle(bus);
    assertThat(heard).containsExactlyInAnyOrder(1, 2);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
    // Room again: the next publish is accepted.
    bus.publish(new Ping(4));
    Await.idle(bus);
    assertThat(heard).containsExactlyInAnyOrder(1, 2, 4);
  }

  @Test
  void aRefusedPublishReachesNoSubscriberAtAll() throws Exception {
    stuckBus(3, BackpressurePolicy.FAIL, Duration.ofSeconds(5));
    List<Integer> stuck2 = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> {
      try {
        release.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stuck2.add(p.n());
    }, SubscribeOptions.named("stuck2").delivery(Delivery.ASYNC));
    List<Integer> sync = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> sync.add(p.n()));
    bus.publish(new Ping(1)); // two of three slots taken until release

    // Ping 2 fits for "stuck" (3 of 3) but not for "stuck2": the publish is refused...
    assertThatThrownBy(() -> bus.publish(new Ping(2))).isInstanceOf(BackpressureException.class);
    release.countDown();
    Await.idle(bus);
    // ...so nobody may hear it: a publisher that retries must not cause duplicates.
    assertThat(sync).containsExactly(1);
    assertThat(stuck2).containsExactly(1);
    assertThat(heard).containsExactly(1);
  }

  @Test
  void deadLetterPolicyDeadLettersWhatDoesNotFitAndPublishGoesOn() throws Exception {
    stuckBus(1, BackpressurePolicy.DEAD_LETTER, Duration.ofSeconds(5));
    bus.publish(new Ping(1));
    bus.publish(new Ping(2));
    bus.publish(new Ping(3));

    List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
    assertThat(letters).hasSize(2).allSatisfy(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.BACKPRESSURE);
      assertThat(letter.subscriber()).isEqualTo("stuck");
      assertThat(letter.attempts()).isZero();
    });
    assertThat(letters).extracting(l -> ((Ping) l.envelope().payload()).n()).containsExactly(2, 3);

    release.countDown();
    Await.idle(bus);
    assertThat(heard).containsExactly(1);
    assertThat(bus.replay(DeadLetterQuery.all())).isEqualTo(2);
    assertThat(heard).containsExactly(1, 2, 3);
  }

  @Test
  void blockMakesThePublisherWaitUntilThereIsRoom() throws Exception {
    stuckBus(1, BackpressurePolicy.BLOCK, Duration.ofSeconds(20));
    bus.publish(new Ping(1));

    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> bus.publish(new Ping(2)));
    assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS))
        .as("the publisher waits while the queue is full").isInstanceOf(TimeoutException.class);

    release.countDown();
    second.get(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    Await.idle(bus);
    assertThat(heard).containsExactlyInAnyOrder(1, 2);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void blockDeadLettersAfterItsTimeout() throws Exception {
    stuckBus(1, BackpressurePolicy.BLOCK, Duration.ofMillis(300));
    bus.publish(new Ping(1));

    long start = System.nanoTime();
    bus.publish(new Ping(2));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(waited).isBetween(Duration.ofMillis(290), Duration.ofSeconds(5));
    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).singleElement().satisfies(letter -> {
      assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.BACKPRESSURE);
      assertThat(((Ping) letter.envelope().payload()).n()).isEqualTo(2);
    });
    release.countDown();
    Await.idle(bus);
    assertThat(heard).containsExactly(1);
  }

  @Test
  void syncSubscribersAreNotBoundedByTheQueue() {
    bus = EventBus.builder().source("test").queueCapacity(1)
        .backpressure(BackpressurePolicy.FAIL, Duration.ofSeconds(1)).build();
    List<Integer> sync = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> sync.add(p.n()));
    for (int i = 0; i < 100; i++) {
      bus.publish(new Ping(i));
    }
    assertThat(sync).hasSize(100);
  }
}
