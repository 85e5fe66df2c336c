package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.EventType;
import dev.herald.it.contracts.Escalation;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Priorities: on one worker held busy while a backlog builds, high-priority deliveries go before
 * the ordinary backlog, and a flood of them still lets ordinary work through (at most four
 * high-priority tasks in a row while ordinary ones wait).
 */
@Timeout(60)
class PriorityTest {

  private static final int BACKLOG = 2_000;

  private final EventBus bus = EventBus.builder().source("test").asyncThreads(1)
      .queueCapacity(10_000).build();
  private final CountDownLatch busy = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> order = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    release.countDown();
    bus.close(Duration.ofSeconds(10));
  }

  /** Holds the bus's one worker until {@link #release}, so that what follows queues up. */
  private void holdTheWorker() throws InterruptedException {
    bus.subscribe(Ping.class, p -> {
      if (p.n() == 0) {
        busy.countDown();
        try {
          release.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        order.add("low " + p.n());
      }
    }, SubscribeOptions.named("low").delivery(Delivery.ASYNC));
    bus.subscribe(Escalation.class, e -> order.add("high " + e.n()),
        SubscribeOptions.named("high").delivery(Delivery.ASYNC));
    bus.publish(new Ping(0));
    Await.latch(busy);
  }

  @Test
  void anEventsDefaultPriorityJumpsABacklogOfOrdinaryWork() throws Exception {
    assertThat(EventType.TEST_ESCALATION.priority()).isEqualTo(10);
    assertThat(EventType.TEST_PING.priority()).isZero();
    holdTheWorker();
    for (int i = 1; i <= BACKLOG; i++) {
      bus.publish(new Ping(i));
    }
    long published = System.nanoTime();
    bus.subscribe(Escalation.class, e -> order.add("heard after "
        + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - published) + " us"),
        SubscribeOptions.named("timer").delivery(Delivery.ASYNC));
    bus.publish(new Escalation(1));

    release.countDown();
    Await.idle(bus);

    assertThat(order).hasSize(BACKLOG + 2);
    assertThat(order.subList(0, 2)).as("the escalation waited only for the running task")
        .first().isEqualTo("high 1");
    System.out.printf("PriorityTest: one high-priority event behind %d low-priority ones ran"
        + " first; %s (the worker held by the test meanwhile)%n", BACKLOG, order.get(1));
  }

  @Test
  void aPublishersPriorityOverridesTheEventsDefaultBothWays() throws Exception {
    holdTheWorker();
    bus.publish(EventMap.TEST_ESCALATION, new Escalation(1),
        Metadata.builder().priority(0).build());
    bus.publish(new Ping(1));
    bus.publish(new Ping(2), Metadata.builder().priority(5).build());

    release.countDown();
    Await.idle(bus);

    assertThat(order).containsExactly("low 2", "high 1", "low 1");
  }

  @Test
  void aFloodOfHighPriorityWorkLetsOrdinaryWorkThroughOneInFive() throws Exception {
    holdTheWorker();
    for (int i = 1; i <= 20; i++) {
      bus.publish(new Ping(i));
    }
    for (int i = 1; i <= 100; i++) {
      bus.publish(new Escalation(i));
    }

    release.countDown();
    Await.idle(bus);

    assertThat(order.subList(0, 10)).containsExactly("high 1", "high 2", "high 3", "high 4",
        "low 1", "high 5", "high 6", "high 7", "high 8", "low 2");
    assertThat(order.indexOf("low 20")).as("every ordinary task ran within the flood")
        .isLessThan(100);
  }
}
