package dev.herald.bench.web;

import dev.herald.bench.EventMap;
import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.CloudEvents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The ceiling: a bare Jetty 12 WebSocket server that writes the same CloudEvents document to every
 * session from the publishing thread, with no bus, no allow-list, no per-client buffer or filter.
 */
final class BareJettyFanout implements Fanout {

  private static final EventKey<OrderPlaced> KEY = EventMap.ORDER_PLACED;

  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final CloudEvents wire = CloudEvents.of(List.of(KEY));
  private final OrderPlaced[] orders = new OrderPlaced[1024];
  private final Server server;
  private final ServerConnector connector;

  BareJettyFanout() {
    for (int i = 0; i < orders.length; i++) {
      orders[i] = Samples.order(i);
    }
    QueuedThreadPool threads = new QueuedThreadPool(16, 4);
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, context, container ->
        container.addMapping("/events", (request, response, callback) -> new Endpoint()));
    context.setHandler(upgrades);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void publish(int sequence) {
    // What a hand-written server does per event: stamp an envelope, write it once, send it to all.
    Envelope<OrderPlaced> envelope = Envelope.of(KEY, orders[sequence & (orders.length - 1)],
        "evt_" + sequence, Instant.now(), "bench", null, null, null, Map.of());
    String text = new String(wire.toJson(envelope), StandardCharsets.UTF_8);
    for (Session session : sessions) {
      session.sendText(text, Callback.NOOP);
    }
  }

  @Override
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/events");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keeps its session while open. */
  @org.eclipse.jetty.websocket.api.annotations.WebSocket
  public final class Endpoint {
    @org.eclipse.jetty.websocket.api.annotations.OnWebSocketOpen
    public void open(Session session) {
      sessions.add(session);
      session.sendText("{\"kind\":\"welcome\"}", Callback.NOOP);
    }

    @org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose
    public void closed(Session session, int code, String reason) {
      sessions.remove(session);
    }
  }
}
