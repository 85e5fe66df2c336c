package dev.herald.sample.web;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.WsClientAuthenticated;
import dev.herald.sample.events.WsClientConnected;
import dev.herald.sample.events.WsClientDisconnected;
import dev.herald.web.Authenticator;
import dev.herald.web.ClientInfo;
import dev.herald.web.ConnectionListener;
import dev.herald.web.HeraldWebServer;
import dev.herald.web.WebBridge;
import dev.herald.web.WebPrincipal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hotel staff's live dashboard: a page served with the bus's events pushed to it over a
 * {@link WebBridge}. Staff sign in per hotel; each sees only its hotel's events, open tasks,
 * escalations and dead letters (with a replay button), and the bus's health.
 *
 * <p>Sign-in is a demonstration: any name with the passcode {@value #PASSCODE} gets a session
 * token for the hotel chosen. The bridge publishes the seed's {@code ws:client:connected},
 * {@code ws:client:authenticated} and {@code ws:client:disconnected} events for each page.
 */
public final class LiveDashboard implements AutoCloseable {

  /** The demonstration's passcode for every hotel. */
  public static final String PASSCODE = "butler";

  private final EventBus bus;
  private final List<String> hotels;
  private final Map<String, WebPrincipal> sessions = new ConcurrentHashMap<>();
  private final HeraldWebServer server;

  /** Serves the dashboard of {@code hotels} (tenant ids) on {@code host}:{@code port}. */
  public LiveDashboard(EventBus bus, List<String> hotels, String host, int port) {
    this.bus = bus;
    this.hotels = List.copyOf(hotels);
    WebBridge bridge = WebBridge.builder(bus)
        .outboundMatching("task:*")
        .outboundMatching("conversation:*")
        .outboundMatching("message:*")
        .outboundMatching("guest:*")
        .outboundMatching("ws:client:*")
        .authenticator(Authenticator.bearer(token -> Optional.ofNullable(sessions.get(token))))
        .listener(new Announcer())
        .build();
    this.server = HeraldWebServer.builder()
        .host(host)
        .port(port)
        .bridge("/events", bridge)
        .handler("/api/*", new DashboardApi(this, bridge))
        .staticResources("dashboard")
        .start();
  }

  /** Where to open the page. */
  public URI uri() {
    return server.uri("/");
  }

  List<String> hotels() {
    return hotels;
  }

  EventBus bus() {
    return bus;
  }

  /** Signs {@code name} in at {@code hotel}; empty if the hotel or the passcode is wrong. */
  Optional<String> signIn(String hotel, String name, String passcode) {
    if (!hotels.contains(hotel) || !PASSCODE.equals(passcode) || name == null || name.isBlank()) {
      return Optional.empty();
    }
    String token = UUID.randomUUID().toString();
    sessions.put(token, WebPrincipal.of(name.trim(), hotel, "staff"));
    return Optional.of(token);
  }

  Optional<WebPrincipal> session(String token) {
    return Optional.ofNullable(token == null ? null : sessions.get(token));
  }

  @Override
  public void close() {
    server.close();
  }

  /** Publishes the seed's {@code ws:client:*} events, in the page's hotel. */
  private final class Announcer implements ConnectionListener {

    @Override
    public void connected(ClientInfo client) {
      String ip = client.remoteAddress().getAddress() == null ? null
          : client.remoteAddress().getAddress().getHostAddress();
      bus.publish(new WsClientConnected(client.connectionId(),
          WsClientConnected.ClientType.DASHBOARD, ip), in(client));
    }

    @Override
    public void authenticated(ClientInfo client) {
      WebPrincipal principal = client.principal();
      bus.publish(new WsClientAuthenticated(client.connectionId(), principal.name(), "staff",
          List.copyOf(principal.roles())), in(client));
    }

    @Override
    public void disconnected(ClientInfo client, int code, Disconnect cause) {
      WsClientDisconnected.Reason reason = switch (cause) {
        case CLOSED -> WsClientDisconnected.Reason.CLOSE;
        case TIMED_OUT -> WsClientDisconnected.Reason.TIMEOUT;
        default -> WsClientDisconnected.Reason.ERROR;
      };
      bus.publish(new WsClientDisconnected(client.connectionId(), client.principal().name(),
          reason), in(client));
    }

    private Metadata in(ClientInfo client) {
      return Metadata.builder().tenant(client.principal().tenant()).build();
    }
  }
}
