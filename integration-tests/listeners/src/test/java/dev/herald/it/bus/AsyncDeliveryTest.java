package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ASYNC delivery: on the bus's executor, and the publisher never waits for it. */
class AsyncDeliveryTest {

  private final EventBus bus = EventBus.builder().source("test").build();

  @AfterEach
  void close() {
    bus.close(java.time.Duration.ofSeconds(5));
  }

  static final class AsyncRecorder {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch heard = new CountDownLatch(2);

    @Subscribe(delivery = Delivery.ASYNC)
    void ping(Ping ping) {
      threads.add(Thread.currentThread().getName());
      heard.countDown();
    }
  }

  @Test
  void asyncListenersRunOnTheBusExecutorNamedAfterTheSource() throws Exception {
    AsyncRecorder recorder = new AsyncRecorder();
    bus.register(recorder);
    List<String> programmatic = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> programmatic.add(Thread.currentThread().getName()),
        SubscribeOptions.defaults().delivery(Delivery.ASYNC));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    Await.latch(recorder.heard);
    Await.idle(bus);
    String publisher = Thread.currentThread().getName();
    assertThat(recorder.threads).hasSize(2)
        .allSatisfy(name -> assertThat(name).matches("herald-test-async-\\d+"))
        .doesNotContain(publisher);
    assertThat(programmatic).hasSize(2)
        .allSatisfy(name -> assertThat(name).matches("herald-test-async-\\d+"));
  }

  @Test
  void aBlockedAsyncListenerDoesNotBlockThePublisher() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> {
      started.countDown();
      try {
        release.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heard.add(p.n());
    }, SubscribeOptions.named("slow").delivery(Delivery.ASYNC));
    List<Integer> syncHeard = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> syncHeard.add(p.n()));

    // Publish on another thread so that a publisher that wrongly waits fails the test instead of
    // hanging it.
    CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
      for (int i = 1; i <= 5; i++) {
        bus.publish(new Ping(i));
      }
    });
    publishing.get(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    Await.latch(started);

    assertThat(release.getCount()).as("the listener is still blocked").isEqualTo(1);
    assertThat(syncHeard).containsExactly(1, 2, 3, 4, 5);
    assertThat(heard).isEmpty();
    assertThat(bus.awaitIdle(java.time.Duration.ofMillis(50))).as("work is still in flight").isFalse();

    release.countDown();
    Await.idle(bus);
    assertThat(heard).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void anAsyncHandlersCompletionStageIsAwaitedAndItsFailureCounts() throws Exception {
    CompletableFuture<Void> pending = new CompletableFuture<>();
    CountDownLatch called = new CountDownLatch(1);
    bus.subscribeAsync(EventMap.TEST_PING, p -> {
      called.countDown();
      return pending;
    }, SubscribeOptions.named("stage").delivery(Delivery.ASYNC).maxAttempts(1));

    bus.publish(new Ping(1));
    Await.latch(called);
    assertThat(bus.awaitIdle(java.time.Duration.ofMillis(100)))
        .as("an incomplete stage keeps the delivery in flight").isFalse();

    pending.completeExceptionally(new IllegalStateException("remote call failed"));
    Await.idle(bus);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all().subscriber("stage")))
        .singleElement()
        .satisfies(letter -> {
          assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
          assertThat(letter.errorType()).isEqualTo(IllegalStateException.class.getName());
          assertThat(letter.errorMessage()).isEqualTo("remote call failed");
        });
  }

  @Test
  void asyncListenersRunInParallel() throws Exception {
    // Two deliveries of one ASYNC subscriber meet at a barrier: only possible if they run at once.
    java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
    Set<Integer> met = java.util.concurrent.ConcurrentHashMap.newKeySet();
    bus.subscribe(Ping.class, p -> {
      try {
        both.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        met.add(p.n());
      } catch (Exception e) {
        throw new IllegalStateException("the other delivery never ran alongside", e);
      }
    }, SubscribeOptions.named("parallel").delivery(Delivery.ASYNC).maxAttempts(1));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    Await.idle(bus);
    assertThat(met).containsExactlyInAnyOrder(1, 2);
  }
}
