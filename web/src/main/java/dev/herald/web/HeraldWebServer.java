package dev.herald.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An embedded Jetty 12 server (core handlers, no servlet container) that carries
 * {@link WebBridge}s, HTTP endpoints and static pages.
 *
 * <pre>{@code
 * HeraldWebServer server = HeraldWebServer.builder()
 *     .port(8080)
 *     .bridge("/events", bridge)                 // ws://host:8080/events
 *     .staticResources("dashboard")              // class-path folder served at /
 *     .start();
 * }</pre>
 *
 * <p>Closing the server stops Jetty and closes its bridges (not their buses).
 */
public final class HeraldWebServer implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;
  private final List<WebBridge> bridges;
  private final List<AutoCloseable> closeables;

  private HeraldWebServer(Builder builder) {
    QueuedThreadPool threads = new QueuedThreadPool(builder.maxThreads, 4);
    threads.setName("herald-web");
    threads.setDaemon(true);
    this.server = new Server(threads);
    this.connector = new ServerConnector(server);
    connector.setHost(builder.host);
    connector.setPort(builder.port);
    server.addConnector(connector);

    PathMappingsHandler routes = new PathMappingsHandler();
    builder.handlers.forEach((spec, handler) -> routes.addMapping(PathSpec.from(spec), handler));
    if (builder.staticResources != null) {
      ResourceHandler resources = new ResourceHandler();
      resources.setBaseResource(ResourceFactory.of(server)
          .newClassLoaderResource(builder.staticResources));
      resources.setWelcomeFiles(List.of("index.html"));
      resources.setDirAllowed(false);
      routes.addMapping(PathSpec.from("/"), resources);
    }
    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, context, container -> {
      container.setMaxTextMessageSize(builder.maxFrameBytes());
      builder.bridges.forEach((path, bridge) -> container.addMapping(path, bridge.creator()));
    });
    upgrades.setHandler(routes);
    context.setHandler(upgrades);
    server.setHandler(context);
    this.bridges = List.copyOf(builder.bridges.values());
    this.closeables = List.copyOf(builder.closeables);
  }

  /** Starts configuring a server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (the one chosen, if it was built with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port} followed by {@code path}. */
  public URI uri(String path) {
    String host = connector.getHost() == null ? "localhost" : connector.getHost();
    return URI.create("http://" + host + ":" + port() + path);
  }

  /** Stops Jetty, then closes the bridges and the other components given to the builder. */
  @Override
  public void close() {
    for (WebBridge bridge : bridges) {
      bridge.close();
    }
    try {
      server.stop();
    } catch (Exception e) {
      WebBridge.LOG.warn("Jetty did not stop cleanly", e);
    }
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        WebBridge.LOG.warn("{} did not close cleanly", closeable, e);
      }
    }
  }

  /** Configures a {@link HeraldWebServer}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxThreads = 64;
    private final Map<String, WebBridge> bridges = new LinkedHashMap<>();
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String staticResources;

    private Builder() {}

    /** The interface to listen on; default {@code 127.0.0.1}, {@code 0.0.0.0} for all. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; default 8080, 0 for any free port (see {@link HeraldWebServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0-65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Jetty's thread pool; default at most 64 threads. */
    public Builder maxThreads(int threads) {
      if (threads < 8) {
        throw new IllegalArgumentException("maxThreads must be at least 8, got " + threads);
      }
      this.maxThreads = threads;
      return this;
    }

    /** Serves {@code bridge}'s WebSocket at {@code path}, e.g. {@code /events}. */
    public Builder bridge(String path, WebBridge bridge) {
      bridges.put(requirePath(path), Objects.requireNonNull(bridge, "bridge"));
      return this;
    }

    /**
     * Serves {@code handler} at {@code pathSpec}: an exact path ({@code /ingest}), a prefix
     * ({@code /api/*}) or a suffix ({@code *.json}), as Jetty's path specs.
     */
    public Builder handler(String pathSpec, Handler handler) {
      handlers.put(requirePath(pathSpec), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Closes {@code component} (a webhook dispatcher, say) when the server closes. */
    public Builder closing(AutoCloseable component) {
      closeables.add(Objects.requireNonNull(component, "component"));
      return this;
    }

    /** Serves the class-path folder {@code folder} at {@code /}, with {@code index.html}. */
    public Builder staticResources(String folder) {
      this.staticResources = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * Builds and starts the server.
     *
     * @throws IllegalStateException if Jetty cannot start, e.g. the port is taken
     */
    public HeraldWebServer start() {
      HeraldWebServer built = new HeraldWebServer(this);
      try {
        built.server.start();
      } catch (Exception e) {
        built.close();
        throw new IllegalStateException("The web server could not start on " + host + ":" + port
            + ": " + e.getMessage() + "; choose another port (0 picks a free one)", e);
      }
      return built;
    }

    private long maxFrameBytes() {
      return bridges.values().stream().mapToLong(WebBridge::maxInboundBytes).max().orElse(65_536);
    }

    private static String requirePath(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") && !path.startsWith("*.")) {
        throw new IllegalArgumentException("path \"" + path + "\" must start with / (or *.)");
      }
      return path;
    }
  }
}
