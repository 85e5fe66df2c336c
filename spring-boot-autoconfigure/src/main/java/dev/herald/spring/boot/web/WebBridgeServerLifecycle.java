package dev.herald.spring.boot.web;

import dev.herald.spring.boot.context.HeraldLifecycle;
import dev.herald.web.HeraldWebServer;
import dev.herald.web.WebBridge;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Serves a {@link WebBridge} on herald-web's own {@link HeraldWebServer} (Jetty, on a port of its
 * own) while the context runs: started after the bus (phase just above
 * {@link HeraldLifecycle#PHASE}), stopped before it closes, closing every client with 1001 (going
 * away). It cannot be restarted.
 */
public final class WebBridgeServerLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WebBridgeServerLifecycle.class);

  private final WebBridge bridge;
  private final String host;
  private final int port;
  private final String path;
  private volatile HeraldWebServer server;

  /** Serves {@code bridge} at {@code path} on {@code host}:{@code port} (0: a free port). */
  public WebBridgeServerLifecycle(WebBridge bridge, String host, int port, String path) {
    this.bridge = Objects.requireNonNull(bridge, "bridge");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.path = Objects.requireNonNull(path, "path");
  }

  @Override
  public void start() {
    server = HeraldWebServer.builder().host(host).port(port).bridge(path, bridge).start();
    log.info("Herald's WebSocket bridge serves {} events at ws://{}:{}{}",
        bridge.outbound().size(), host, server.port(), path);
  }

  @Override
  public void stop() {
    HeraldWebServer running = server;
    server = null;
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public int getPhase() {
    return HeraldLifecycle.PHASE + 1;
  }

  /** The port the server listens on while it runs (the one chosen, if configured as 0). */
  public int port() {
    HeraldWebServer running = server;
    if (running == null) {
      throw new IllegalStateException("The WebSocket bridge's server is not running");
    }
    return running.port();
  }
}
