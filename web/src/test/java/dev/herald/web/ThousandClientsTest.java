package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Metadata;
import dev.herald.web.events.TaskOpened;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thousand clients on loopback each get every event of their tenant, in order. */
class ThousandClientsTest {

  @Test
  void aThousandClientsEachReceiveEveryEvent() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        clients.add(fixture.connect(i % 2 == 0 ? "alice" : "bob"));
      }
      assertThat(fixture.bridge.metrics().connectedClients()).isEqualTo(1000);
      for (int n = 1; n <= 20; n++) {
        fixture.bus.publish(new TaskOpened("t" + n, n, "x"),
            Metadata.builder().tenant(n % 2 == 0 ? "plaza" : "grand").build());
      }
      for (int i = 0; i < clients.size(); i++) {
        List<Integer> numbers = ResumeTest.numbers(clients.get(i).events(10));
        assertThat(numbers).as("client %d", i).containsExactlyElementsOf(i % 2 == 0
            ? List.of(1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
            : List.of(2, 4, 6, 8, 10, 12, 14, 16, 18, 20));
      }
      clients.forEach(TestClient::abort);
    }
  }
}
