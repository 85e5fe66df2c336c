package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Metadata;
import dev.herald.web.events.TaskOpened;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client that reconnects with its last event id misses nothing and sees nothing twice. */
class ResumeTest {

  private static final Metadata GRAND = Metadata.builder().tenant("grand").build();

  @Test
  void aReconnectingClientGetsWhatItMissedThenLiveEvents() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      TestClient first = fixture.connect("alice");
      for (int i = 1; i <= 3; i++) {
        fixture.bus.publish(new TaskOpened("t" + i, i, "x"), GRAND);
      }
      String lastSeen = first.events(3).get(2).get("id");
      first.close();
      for (int i = 4; i <= 6; i++) {
        fixture.bus.publish(new TaskOpened("t" + i, i, "x"), GRAND);
        fixture.bus.publish(new TaskOpened("p" + i, i, "x"),
            Metadata.builder().tenant("plaza").build());
      }

      TestClient again = fixture.connect("alice", "?lastEventId=" + lastSeen);
      List<Map<String, String>> missed = again.events(3);
      assertThat(missed).extracting(e -> e.get("data"))
          .allSatisfy(d -> assertThat(d).contains("\"taskId\":\"t"));
      assertThat(numbers(missed)).containsExactly(4, 5, 6);
      assertThat(again.expect("resumed")).containsEntry("after", lastSeen)
          .containsEntry("replayed", "3");
      fixture.bus.publish(new TaskOpened("t7", 7, "x"), GRAND);
      assertThat(numbers(again.events(1))).containsExactly(7);
    }
  }

  @Test
  void resumingWhilePublishingGoesOnLeavesNoGapAndNoDuplicate() throws Exception {
    try (BridgeFixture fixture = new BridgeFixture()) {
      AtomicBoolean publishing = new AtomicBoolean(true);
      AtomicInteger published = new AtomicInteger();
      Thread publisher = new Thread(() -> {
        while (publishing.get()) {
          int n = published.incrementAndGet();
          fixture.bus.publish(new TaskOpened("t" + n, n, "x"), GRAND);
          if (n % 10 == 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // about 10,000 a second
          }
        }
      });
      List<Integer> seen = new ArrayList<>();
      TestClient client = fixture.connect("alice");
      publisher.start();
      String lastId = null;
      for (int reconnect = 0; reconnect < 5; reconnect++) {
        List<Map<String, String>> events = client.events(200);
        seen.addAll(numbers(events));
        lastId = events.get(events.size() - 1).get("id");
        client.abort(); // as a dropped network would: frames in flight are lost
        client = fixture.connect("alice", "?lastEventId=" + lastId);
      }
      seen.addAll(numbers(client.events(200)));
      publishing.set(false);
      publisher.join();

      assertThat(seen).hasSize(1200);
      for (int i = 0; i < seen.size(); i++) {
        assertThat(seen.get(i)).as("event %d of the resumed stream", i).isEqualTo(seen.get(0) + i);
      }
    }
  }

  @Test
  void anIdOutsideTheWindowIsReportedAndLiveEventsFollow() {
    try (BridgeFixture fixture = new BridgeFixture(b -> b.resumeWindow(2))) {
      TestClient first = fixture.connect("alice");
      fixture.bus.publish(new TaskOpened("t1", 1, "x"), GRAND);
      String old = first.events(1).get(0).get("id");
      for (int i = 2; i <= 4; i++) {
        fixture.bus.publish(new TaskOpened("t" + i, i, "x"), GRAND);
      }
      TestClient again = fixture.connect("alice", "?lastEventId=" + old);
      Map<String, String> failed = again.expect("resume-failed");
      assertThat(failed.get("message")).contains(old, "last 2 events");
      fixture.bus.publish(new TaskOpened("t5", 5, "x"), GRAND);
      assertThat(numbers(again.events(1))).containsExactly(5);

      TestClient fromStart = fixture.connect("alice", "?since=start");
      assertThat(numbers(fromStart.events(2))).containsExactly(4, 5);
      assertThat(fromStart.expect("resumed")).containsEntry("replayed", "2");
    }
  }

  static List<Integer> numbers(List<Map<String, String>> events) {
    List<Integer> numbers = new ArrayList<>();
    for (Map<String, String> event : events) {
      numbers.add(Integer.parseInt(TestClient.parse(event.get("data")).get("number")));
    }
    return numbers;
  }
}
