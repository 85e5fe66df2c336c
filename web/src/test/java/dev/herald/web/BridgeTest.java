package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.Metadata;
import dev.herald.web.ConnectionListener.Disconnect;
import dev.herald.web.events.EventMap;
import dev.herald.web.events.NoteAdded;
import dev.herald.web.events.PayrollRun;
import dev.herald.web.events.TaskClosed;
import dev.herald.web.events.TaskOpened;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bridge over real sockets, with Java's HttpClient WebSocket as the browser. */
class BridgeTest {

  private static Metadata tenant(String tenant) {
    return Metadata.builder().tenant(tenant).build();
  }

  @Test
  void pushesAllowedEventsAsCloudEventsAndNothingElse() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      TestClient client = fixture.connect("alice");
      fixture.bus.publish(new PayrollRun("2026-12"), tenant("grand"));      // not allowed out
      Envelope<TaskOpened> sent = fixture.bus.publish(new TaskOpened("t1", 1, "Ms Smith"),
          tenant("grand"));

      Map<String, String> event = client.expectEvent("task:opened");
      assertThat(event).containsEntry("id", sent.id()).containsEntry("specversion", "1.0")
          .containsEntry("source", "web-test").containsEntry("tenantid", "grand");
      assertThat(event.get("data")).contains("\"taskId\":\"t1\"");
      client.close();
    }
  }

  @Test
  void aClientSeesOnlyItsTenantsEventsAndAnOperatorSeesAll() throws Exception {
    try (BridgeFixture fixture = new BridgeFixture()) {
      TestClient grand = fixture.connect("alice");
      TestClient plaza = fixture.connect("bob");
      TestClient operator = fixture.connect("root");
      fixture.bus.publish(new TaskOpened("g1", 1, "x"), tenant("grand"));
      fixture.bus.publish(new TaskOpened("p1", 2, "y"), tenant("plaza"));
      fixture.bus.publish(new TaskOpened("none", 3, "z"));

      assertThat(grand.expectEvent("task:opened").get("data")).contains("g1");
      assertThat(plaza.expectEvent("task:opened").get("data")).contains("p1");
      assertThat(operator.events(3)).extracting(e -> e.get("data"))
          .anySatisfy(d -> assertThat(d).contains("g1"))
          .anySatisfy(d -> assertThat(d).contains("p1"))
          .anySatisfy(d -> assertThat(d).contains("none"));
      assertThat(grand.silentFor(Duration.ofMillis(200))).isTrue();
      assertThat(plaza.silentFor(Duration.ofMillis(1))).isTrue();
    }
  }

  @Test
  void sensitiveComponentsAreRedactedUnlessThePrincipalMaySeeThem() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      TestClient staff = fixture.connect("alice");
      TestClient manager = fixture.connect("carol");
      fixture.bus.publish(new TaskOpened("t1", 1, "Ms Smith"), tenant("grand"));

      assertThat(staff.expectEvent("task:opened").get("data"))
          .contains("\"guestName\":\"***\"").doesNotContain("Smith");
      assertThat(manager.expectEvent("task:opened").get("data"))
          .contains("\"guestName\":\"Ms Smith\"");
    }
  }

  @Test
  void aClientFilterDecidesPerPrincipal() throws Exception {
    ClientFilter managersSeeClosures = (principal, envelope) ->
        envelope.key() != EventMap.TASK_CLOSED || principal.hasRole("manager");
    try (BridgeFixture fixture = new BridgeFixture(b -> b.filter(managersSeeClosures))) {
      TestClient staff = fixture.connect("alice");
      TestClient manager = fixture.connect("carol");
      fixture.bus.publish(new TaskClosed("t1"), tenant("grand"));
      fixture.bus.publish(new TaskOpened("t2", 2, "x"), tenant("grand"));

      assertThat(manager.expectEvent("task:closed").get("data")).contains("t1");
      assertThat(staff.expectEvent("task:opened").get("data")).contains("t2");
      assertThat(staff.silentFor(Duration.ofMillis(100))).isTrue();
    }
  }

  @Test
  void subscriptionsNarrowAtConnectAndChangeWhileConnected() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      TestClient client = fixture.connect("alice", "?patterns=task:closed");
      fixture.bus.publish(new TaskOpened("t1", 1, "x"), tenant("grand"));
      fixture.bus.publish(new TaskClosed("t1"), tenant("grand"));
      client.expectEvent("task:closed");

      client.send("{\"kind\":\"subscribe\",\"patterns\":[\"task:opened\",\"note:*\"]}");
      assertThat(client.expect("subscribed").get("patterns"))
          .isEqualTo("[\"task:opened\",\"note:*\"]");
      fixture.bus.publish(new TaskClosed("t2"), tenant("grand"));
      fixture.bus.publish(new TaskOpened("t3", 3, "x"), tenant("grand"));
      assertThat(client.expectEvent("task:opened").get("data")).contains("t3");

      client.send("{\"kind\":\"subscribe\",\"ref\":\"r1\",\"patterns\":[\"Task:*\"]}");
      Map<String, String> error = client.expect("error");
      assertThat(error).containsEntry("code", "bad-pattern").containsEntry("ref", "r1");
      assertThat(error.get("message")).contains("Task:*");
    }
  }

  @Test
  void aConnectionWithoutValidCredentialsIsRefusedBeforeItOpens() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      for (String token : new String[] {null, "mallory"}) {
        assertThatThrownBy(() -> TestClient.attempt(fixture.uri(""), token,
                TestClient.unconnected()).join())
            .isInstanceOf(CompletionException.class)
            .cause().isInstanceOf(WebSocketHandshakeException.class)
            .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse()
                .statusCode()).isEqualTo(401));
      }
      assertThat(fixture.bridge.metrics().refusedConnections()).isEqualTo(2);
      assertThat(fixture.bridge.metrics().connectedClients()).isZero();
    }
  }

  @Test
  void badFramesGetErrorFramesAndTheConnectionStaysUsable() {
    try (BridgeFixture fixture = new BridgeFixture()) {
      TestClient client = fixture.connect("alice", "?patterns=task:*");
      client.send("{not json");
      assertThat(client.expect("error")).containsEntry("code", "bad-json");
      client.send("[1,2]");
      assertThat(client.expect("error")).containsEntry("code", "bad-frame");
      client.send("{\"kind\":\"shout\",\"ref\":\"7\"}");
      assertThat(client.expect("error")).containsEntry("code", "unknown-kind")
          .containsEntry("ref", "7");
      client.send("{\"kind\":\"publish\",\"type\":\"payroll:run\",\"data\":{\"month\":\"x\"}}");
      Map<String, String> denied = client.expect("error");
      assertThat(denied).containsEntry("code", "not-permitted");
      assertThat(denied.get("message")).contains("payroll:run", "note:added");
      client.send("{\"kind\":\"publish\",\"type\":\"note:added\",\"data\":{\"author\":1}}");
      Map<String, String> invalid = client.expect("error");
      assertThat(invalid).containsEntry("code", "invalid-event");
      assertThat(invalid.get("message")).contains("note:added", "author");
      client.sendBinary(new byte[] {1, 2, 3});
      assertThat(client.expect("error")).containsEntry("code", "binary-frame");

      client.send("{\"kind\":\"publish\",\"ref\":\"ok\",\"type\":\"note:added\","
          + "\"data\":{\"author\":\"alice\",\"text\":\"still here\"}}");
      assertThat(client.expect("published")).containsEntry("ref", "ok");
      assertThat(fixture.bridge.metrics().rejectedIn()).isEqualTo(6);
    }
  }

  @Test
  void inboundPublishCarriesThePrincipalsTenantAndReachesOtherClients() throws Exception {
    try (BridgeFixture fixture = new BridgeFixture()) {
      LinkedBlockingQueue<Envelope<NoteAdded>> heard = new LinkedBlockingQueue<>();
      fixture.bus.subscribeEnvelopes(EventMap.NOTE_ADDED, heard::add,
          dev.herald.runtime.SubscribeOptions.defaults());
      TestClient writer = fixture.connect("alice", "?patterns=task:*");
      TestClient reader = fixture.connect("carol");
      TestClient otherHotel = fixture.connect("bob");

      writer.send("{\"kind\":\"publish\",\"ref\":\"n1\",\"type\":\"note:added\","
          + "\"correlationid\":\"req-9\",\"data\":{\"author\":\"alice\",\"text\":\"towels\"}}");
      Map<String, String> ack = writer.expect("published");
      Envelope<NoteAdded> envelope = heard.poll(10, TimeUnit.SECONDS);
      assertThat(envelope).isNotNull();
      assertThat(envelope.tenantId()).isEqualTo("grand");
      assertThat(envelope.correlationId()).isEqualTo("req-9");
      assertThat(envelope.headers()).containsEntry("principal", "alice");
      assertThat(envelope.payload()).isEqualTo(new NoteAdded("alice", "towels"));
      assertThat(ack.get("id")).isEqualTo(envelope.id());
      assertThat(reader.expectEvent("note:added").get("id")).isEqualTo(envelope.id());
      assertThat(otherHotel.silentFor(Duration.ofMillis(200))).isTrue();
    }
  }

  @Test
  void anOversizedFrameClosesWith1009AndTooManyFramesAreRateLimited() throws Exception {
    try (BridgeFixture fixture = new BridgeFixture(b -> b.maxInboundBytes(1024).inboundRate(5))) {
      TestClient big = fixture.connect("alice");
      big.send("{\"kind\":\"subscribe\",\"patterns\":[\"" + "a".repeat(2000) + "\"]}");
      assertThat(big.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);

      TestClient chatty = fixture.connect("alice");
      for (int i = 0; i < 8; i++) {
        chatty.send("{\"kind\":\"subscribe\",\"patterns\":[\"task:*\"]}");
      }
      List<String> kinds = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        kinds.add(chatty.next("answer " + i).get("kind"));
      }
      assertThat(kinds).containsOnlyOnce("error").contains("subscribed");
    }
  }

  @Test
  void heartbeatsPingClientsAndASilentClientIsClosedByTheIdleTimeout() throws Exception {
    LinkedBlockingQueue<Disconnect> causes = new LinkedBlockingQueue<>();
    ConnectionListener listener = new ConnectionListener() {
      @Override
      public void disconnected(ClientInfo client, int code, Disconnect cause) {
        causes.add(cause);
      }
    };
    try (BridgeFixture fixture = new BridgeFixture(b -> b.heartbeat(Duration.ofMillis(50))
        .listener(listener))) {
      TestClient client = fixture.connect("alice");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (client.pings.get() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(client.pings.get()).isGreaterThanOrEqualTo(2);
      client.close();
      assertThat(causes.poll(10, TimeUnit.SECONDS)).isEqualTo(Disconnect.CLOSED);
    }
    try (BridgeFixture fixture = new BridgeFixture(b -> b.heartbeat(Duration.ofHours(1))
        .idleTimeout(Duration.ofMillis(300)).listener(listener))) {
      TestClient silent = fixture.connect("alice");
      assertThat(silent.closed.get(10, TimeUnit.SECONDS)).isNotEqualTo(1000);
      assertThat(causes.poll(10, TimeUnit.SECONDS)).isEqualTo(Disconnect.TIMED_OUT);
    }
  }

  @Test
  void connectionsAreAnnouncedAndCountedInMetricsAndHealth() throws Exception {
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    ConnectionListener listener = new ConnectionListener() {
      @Override
      public void connected(ClientInfo client) {
        heard.add("connected " + client.principal().name());
      }

      @Override
      public void authenticated(ClientInfo client) {
        heard.add("authenticated " + client.principal().tenant());
      }

      @Override
      public void disconnected(ClientInfo client, int code, Disconnect cause) {
        heard.add("disconnected " + code + " " + cause);
      }
    };
    try (BridgeFixture fixture = new BridgeFixture(b -> b.listener(listener))) {
      TestClient client = fixture.connect("alice");
      fixture.bus.publish(new TaskOpened("t1", 1, "x"), tenant("grand"));
      client.expectEvent("task:opened");
      assertThat(fixture.bridge.metrics().connectedClients()).isEqualTo(1);
      assertThat(fixture.bridge.metrics().messagesOut()).isGreaterThanOrEqualTo(2);
      assertThat(fixture.bridge.health().status())
          .isEqualTo(dev.herald.runtime.observability.Health.Status.UP);
      client.close();
      assertThat(List.of(heard.poll(10, TimeUnit.SECONDS), heard.poll(10, TimeUnit.SECONDS),
          heard.poll(10, TimeUnit.SECONDS)))
          .containsExactly("connected alice", "authenticated grand", "disconnected 1000 CLOSED");
      assertThat(fixture.bridge.metrics().connectedClients()).isZero();
    }
  }

  @Test
  void aBridgeLetsNothingThroughUnlessToldAndRejectsPatternsThatMatchNothing() {
    try (dev.herald.runtime.EventBus bus = dev.herald.runtime.EventBus.builder().build()) {
      Authenticator nobody = request -> java.util.Optional.empty();
      assertThatThrownBy(() -> WebBridge.builder(bus).authenticator(nobody).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("outbound(");
      assertThatThrownBy(() -> WebBridge.builder(bus).outbound(EventMap.TASK_OPENED).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("authenticator");
      assertThatThrownBy(() -> WebBridge.builder(bus).outboundMatching("tsak:*"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tsak:*");
      try (WebBridge bridge = WebBridge.builder(bus).outboundMatching("task:*")
          .authenticator(nobody).build()) {
        assertThat(bridge.outbound()).containsExactlyInAnyOrder(EventMap.TASK_OPENED,
            EventMap.TASK_CLOSED);
      }
    }
  }
}
