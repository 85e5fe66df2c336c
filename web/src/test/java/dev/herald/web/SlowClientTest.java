package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Metadata;
import dev.herald.web.events.TaskOpened;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that does not read fills its own buffer only: the bus and other clients go on. */
class SlowClientTest {

  private static final Metadata GRAND = Metadata.builder().tenant("grand").build();
  private static final String BIG = "x".repeat(8 * 1024);
  private static final int EVENTS = 3000; // 24 MB: far more than the sockets' buffers hold

  @Test
  void dropOldestDropsFromTheSlowClientAloneAndTellsIt() {
    try (BridgeFixture fixture = new BridgeFixture(
        b -> b.buffer(32, SlowClientPolicy.DROP_OLDEST))) {
      TestClient slow = TestClient.connectNotReading(fixture.uri(""), "carol"); // reads it all
      TestClient fast = fixture.connect("alice");
      awaitClients(fixture, 2);

      long start = System.nanoTime();
      for (int i = 1; i <= EVENTS; i++) {
        fixture.bus.publish(new TaskOpened("t" + i, i, BIG), GRAND);
      }
      long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(ResumeTest.numbers(fast.events(EVENTS))).last().isEqualTo(EVENTS);
      assertThat(fixture.bridge.metrics().dropped()).isPositive();
      assertThat(publishMillis).as("publishing %d events with a stalled client", EVENTS)
          .isLessThan(5_000);

      slow.startReading();
      boolean noticed = false;
      int last = 0;
      while (last < EVENTS) {
        Map<String, String> frame = slow.next("the slow client's frames");
        if ("dropped".equals(frame.get("kind"))) {
          noticed = true;
          assertThat(Long.parseLong(frame.get("count"))).isPositive();
        } else if (frame.containsKey("specversion")) {
          last = Integer.parseInt(TestClient.parse(frame.get("data")).get("number"));
        }
      }
      assertThat(noticed).as("a dropped notice before the newest events").isTrue();
    }
  }

  @Test
  void closePolicyClosesTheSlowClientWithItsOwnCode() throws Exception {
    try (BridgeFixture fixture = new BridgeFixture(b -> b.buffer(32, SlowClientPolicy.CLOSE))) {
      TestClient slow = TestClient.connectNotReading(fixture.uri(""), "carol"); // reads it all
      TestClient fast = fixture.connect("alice");
      awaitClients(fixture, 2);
      for (int i = 1; i <= EVENTS; i++) {
        fixture.bus.publish(new TaskOpened("t" + i, i, BIG), GRAND);
      }
      assertThat(ResumeTest.numbers(fast.events(EVENTS))).last().isEqualTo(EVENTS);
      assertThat(fixture.bridge.metrics().slowClientsClosed()).isEqualTo(1);
      slow.startReading();
      assertThat(slow.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.SLOW_CLIENT);
    }
  }

  private static void awaitClients(BridgeFixture fixture, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fixture.bridge.metrics().connectedClients() < count) {
      assertThat(System.nanoTime()).as("clients connected in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
