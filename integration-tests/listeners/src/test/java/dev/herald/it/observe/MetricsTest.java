package dev.herald.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.it.observe.Guests.GuestMessage;
import dev.herald.it.observe.Guests.Reply;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.observability.EventSeries;
import dev.herald.runtime.observability.Latency;
import dev.herald.runtime.observability.MetricsSnapshot.Counts;
import dev.herald.runtime.observability.MetricsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counts per event type and tenant, latency, and the gauges of work in progress. */
@Timeout(60)
class MetricsTest {

  @Test
  void countsEachOutcomePerTypeAndPerTenant() throws Exception {
    try (EventBus bus = EventBus.builder().source("metrics")
        .retry(RetryPolicy.defaults().withJitter(0)).build()) {
      bus.subscribe(GuestMessage.class, m -> { });
      bus.subscribe(GuestMessage.class, m -> {
        throw new IllegalStateException("channel down");
      }, SubscribeOptions.named("flaky").delivery(Delivery.ASYNC).maxAttempts(2)
          .backoff(Duration.ofMillis(1), Duration.ofMillis(1)));
      bus.subscribe(Reply.class, r -> { }, SubscribeOptions.named("async-reply")
          .delivery(Delivery.ASYNC));

      for (int i = 0; i < 3; i++) {
        bus.publish(Guests.message("c" + i), Metadata.builder().tenant("oslo").build());
      }
      bus.publish(Guests.message("c9"), Metadata.builder().tenant("bergen").build());
      bus.publish(new Reply("c1", "on my way"));
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();

      MetricsSnapshot snapshot = bus.metrics().snapshot();
      Counts messages = snapshot.type("obs:message");
      assertThat(messages.published()).isEqualTo(4);
      assertThat(messages.delivered()).as("the SYNC listener, once per event").isEqualTo(4);
      assertThat(messages.failed()).as("two attempts of four events").isEqualTo(8);
      assertThat(messages.retried()).isEqualTo(4);
      assertThat(messages.deadLettered()).isEqualTo(4);
      assertThat(messages.pending()).isZero();
      assertThat(messages.running()).isZero();
      assertThat(messages.latency().count())
          .as("every async attempt, and the SYNC deliveries of the first envelope each millisecond"
              + " in each series: at least the first of oslo and of bergen, at most all four")
          .isBetween(8L + 2, 8L + 4);

      // The bus's own failure events carry their cause's tenant, so compare by series too.
      assertThat(series(bus, "obs:message", "oslo").published()).isEqualTo(3);
      assertThat(series(bus, "obs:message", "bergen").deadLettered()).isEqualTo(1);
      assertThat(snapshot.tenant("bergen").deadLettered()).isEqualTo(1);
      assertThat(snapshot.tenant(MetricsSnapshot.NO_TENANT).delivered()).isEqualTo(1);
      assertThat(snapshot.total().published()).isEqualTo(
          snapshot.byType().values().stream().mapToLong(Counts::published).sum());
      assertThat(snapshot.byType()).containsKey("herald:delivery:failed");
    }
  }

  @Test
  void countsStayExactWhenThreadsOfEveryLifetimePublish() throws Exception {
    try (EventBus bus = EventBus.builder().source("counted").build()) {
      bus.subscribe(Reply.class, r -> { });
      bus.subscribe(Reply.class, r -> { }, SubscribeOptions.named("second"));
      // Long-lived publishers count in cells of their own, threads that publish a few events in
      // the shared adders; a snapshot adds both, also while they count.
      List<Thread> publishers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        publishers.add(new Thread(() -> publish(bus, 10_000)));
      }
      for (int t = 0; t < 50; t++) {
        publishers.add(new Thread(() -> publish(bus, 3)));
      }
      publishers.forEach(Thread::start);
      long seen = 0;
      for (Thread publisher : publishers) {
        long now = bus.metrics().snapshot().type("obs:reply").published();
        assertThat(now).isGreaterThanOrEqualTo(seen);
        seen = now;
        publisher.join(TimeUnit.SECONDS.toMillis(30));
      }

      Counts replies = bus.metrics().snapshot().type("obs:reply");
      assertThat(replies.published()).isEqualTo(3 * 10_000 + 50 * 3);
      assertThat(replies.delivered()).isEqualTo(2L * replies.published());
    }
  }

  private static void publish(EventBus bus, int events) {
    for (int i = 0; i < events; i++) {
      bus.publish(new Reply("c" + i, "on my way"));
    }
  }

  @Test
  void latencyPercentilesFollowTheHandlersDuration() throws Exception {
    try (EventBus bus = EventBus.builder().source("latency").build()) {
      bus.subscribe(Reply.class, r -> {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(r.text().length());
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }, SubscribeOptions.named("timed").delivery(Delivery.ORDERED)); // every attempt is timed
      for (int i = 0; i < 99; i++) {
        bus.publish(new Reply("c", "x"));          // about 1 ms
      }
      bus.publish(new Reply("c", "x".repeat(40))); // about 40 ms
      assertThat(bus.awaitIdle(Duration.ofSeconds(30))).isTrue();

      Latency latency = bus.metrics().snapshot().type("obs:reply").latency();
      assertThat(latency.count()).isEqualTo(100);
      assertThat(latency.p50()).isBetween(Duration.ofMillis(1), Duration.ofMillis(30));
      assertThat(latency.max()).isGreaterThanOrEqualTo(Duration.ofMillis(40));
      assertThat(latency.p99()).isLessThanOrEqualTo(latency.max());
      assertThat(latency.mean()).isGreaterThan(Duration.ofMillis(1));
    }
  }

  @Test
  void pendingAndRunningShowWorkInProgressAndTheQueueDepth() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus = EventBus.builder().source("gauges").asyncThreads(1).build()) {
      bus.subscribe(Reply.class, r -> {
        entered.countDown();
        Latches.hold(release);
      }, SubscribeOptions.named("slow").delivery(Delivery.ASYNC));
      for (int i = 0; i < 3; i++) {
        bus.publish(new Reply("c", "wait"));
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      Counts busy = bus.metrics().snapshot().type("obs:reply");
      assertThat(busy.running()).isEqualTo(1);
      assertThat(busy.pending()).isEqualTo(3);
      assertThat(bus.metrics().queueDepth()).isEqualTo(3);

      release.countDown();
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
      Counts done = bus.metrics().snapshot().type("obs:reply");
      assertThat(done.pending()).isZero();
      assertThat(done.running()).isZero();
      assertThat(done.delivered()).isEqualTo(3);
    }
  }

  @Test
  void aBusWithoutMetricsCountsNothing() {
    try (EventBus bus = EventBus.builder().source("quiet").metrics(false).build()) {
      bus.subscribe(Reply.class, r -> { });
      bus.publish(new Reply("c", "hi"));
      assertThat(bus.metrics().enabled()).isFalse();
      assertThat(bus.metrics().snapshot().total()).isEqualTo(Counts.ZERO);
      assertThat(bus.metrics().series()).isEmpty();
    }
  }

  private static EventSeries series(EventBus bus, String type, String tenant) {
    return bus.metrics().series().stream()
        .filter(s -> s.eventType().equals(type) && s.tenant().equals(tenant))
        .findFirst().orElseThrow(() -> new AssertionError("no series " + type + "/" + tenant));
  }

}
