package dev.herald.web;

import dev.herald.runtime.EventBus;
import dev.herald.web.events.EventMap;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A bus, a bridge with three known tokens, and a server on a free loopback port. */
final class BridgeFixture implements AutoCloseable {

  static final Map<String, WebPrincipal> TOKENS = Map.of(
      "alice", WebPrincipal.of("alice", "grand", "staff"),
      "bob", WebPrincipal.of("bob", "plaza", "staff"),
      "carol", WebPrincipal.of("carol", "grand", "manager").seeingSensitive(),
      "root", WebPrincipal.of("root", null, "operator").seeingSensitive());

  final EventBus bus;
  final WebBridge bridge;
  final HeraldWebServer server;

  BridgeFixture(UnaryOperator<WebBridge.Builder> options) {
    this.bus = EventBus.builder().source("web-test").build();
    WebBridge.Builder builder = WebBridge.builder(bus)
        .outbound(EventMap.TASK_OPENED, EventMap.TASK_CLOSED, EventMap.NOTE_ADDED)
        .inbound(EventMap.NOTE_ADDED)
        .authenticator(Authenticator.bearer(token -> Optional.ofNullable(TOKENS.get(token))));
    this.bridge = options.apply(builder).build();
    this.server = HeraldWebServer.builder().port(0).bridge("/events", bridge).start();
  }

  BridgeFixture() {
    this(UnaryOperator.identity());
  }

  URI uri(String query) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/events" + query);
  }

  /** Connects as {@code token}'s principal and reads the welcome frame. */
  TestClient connect(String token) {
    return connect(token, "");
  }

  TestClient connect(String token, String query) {
    TestClient client = TestClient.connect(uri(query), token);
    client.expect("welcome");
    return client;
  }

  @Override
  public void close() {
    server.close();
    bus.close();
  }
}
