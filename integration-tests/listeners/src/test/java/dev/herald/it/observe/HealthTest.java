package dev.herald.it.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.observe.Guests.GuestMessage;
import dev.herald.it.observe.Guests.Reply;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.observability.Health.Status;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.store.StoreException;
import dev.herald.runtime.wire.CloudEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** UP, DEGRADED or DOWN, with a reason per component. */
@Timeout(60)
class HealthTest {

  /** The contracts stores used without a bus read and write with. */
  private static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());

  @Test
  void aFreshBusIsUpAndAClosedOneDown() {
    EventBus bus = EventBus.builder().source("fresh").build();
    Health health = bus.health();
    assertThat(health.status()).isEqualTo(Status.UP);
    assertThat(health.components()).containsKeys("bus", "queue", "deadLetters", "deadLetterStore");

    bus.close();
    assertThat(bus.health().status()).isEqualTo(Status.DOWN);
    assertThat(bus.health().components().get("bus").reason()).contains("closed");
  }

  @Test
  void deadLettersInTheLastMinuteDegradeIt() {
    try (EventBus bus = EventBus.builder().source("letters").deadLetterAlarm(2).build()) {
      bus.subscribe(GuestMessage.class, m -> {
        throw new IllegalStateException("down");
      }, SubscribeOptions.named("broken").maxAttempts(1));

      bus.publish(Guests.message("c1"));
      assertThat(bus.health().status()).as("below the alarm").isEqualTo(Status.UP);
      bus.publish(Guests.message("c2"));

      Health health = bus.health();
      assertThat(health.status()).isEqualTo(Status.DEGRADED);
      assertThat(health.components().get("deadLetters").reason())
          .startsWith("2 dead letter(s) in the last minute");
    }
  }

  @Test
  void aQueueNearItsBoundDegradesIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus = EventBus.builder().source("queue").asyncThreads(1).queueCapacity(10)
        .build()) {
      bus.subscribe(Reply.class, r -> Latches.hold(release),
          SubscribeOptions.named("slow").delivery(Delivery.ASYNC));
      for (int i = 0; i < 8; i++) {
        bus.publish(new Reply("c", "r" + i));
      }
      Health busy = bus.health();
      assertThat(busy.status()).isEqualTo(Status.DEGRADED);
      assertThat(busy.components().get("queue").reason()).startsWith("8 of 10");

      release.countDown();
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(bus.health().status()).isEqualTo(Status.UP);
    }
  }

  @Test
  void anEventStoreThatFailsTakesItDownUntilAWriteSucceedsAgain(@TempDir Path dir) {
    EventStore store = JdbcEventStore.sqlite(dir.resolve("events.db"), WIRE);
    try (EventBus bus = EventBus.builder().source("store").eventStore(store).build()) {
      bus.publish(new Guests.PaymentCaptured("4000", 1));
      assertThat(bus.health().components().get("eventStore").status()).isEqualTo(Status.UP);

      store.close(); // the store is gone: appends fail
      assertThatThrownBy(() -> bus.publish(new Guests.PaymentCaptured("4000", 2)))
          .isInstanceOf(StoreException.class);

      Health health = bus.health();
      assertThat(health.status()).isEqualTo(Status.DOWN);
      assertThat(health.components().get("eventStore").reason()).contains("last write failed");
    }
  }
}
