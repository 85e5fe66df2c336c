package dev.herald.web;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a bus's events to browsers over WebSocket, as CloudEvents JSON, and lets them publish the
 * events they are allowed to.
 *
 * <pre>{@code
 * WebBridge bridge = WebBridge.builder(bus)
 *     .outbound(EventMap.TASK_CREATED, EventMap.TASK_ASSIGNED)      // deny by default
 *     .authenticator(Authenticator.bearer(tokens::principal))
 *     .build();
 * HeraldWebServer server = HeraldWebServer.builder().port(8080).bridge("/events", bridge).start();
 * }</pre>
 *
 * <ul>
 *   <li><b>Deny by default.</b> Only the {@link EventKey}s given to {@link Builder#outbound} go out,
 *       and only those given to {@link Builder#inbound} come in; patterns are checked against the
 *       bus's contracts when the bridge is built.
 *   <li><b>Who sees what.</b> The {@link Authenticator} names each client's principal and tenant at
 *       connect (or refuses it with HTTP 401). A client sees only its tenant's events, only those
 *       its {@link ClientFilter} allows, and {@code @Sensitive} components as {@code "***"} unless
 *       its principal {@linkplain WebPrincipal#seesSensitive sees sensitive data}.
 *   <li><b>Subscriptions.</b> A client narrows what it hears with the {@code patterns} query
 *       parameter or, while connected, a {@code {"kind":"subscribe","patterns":[...]}} frame.
 *   <li><b>Resume.</b> Each event carries its {@code id}. A client that reconnects with
 *       {@code ?lastEventId=<id>} gets the events it may see that came after that id, then the live
 *       ones, with no gap and no duplicate, provided the id is among the last
 *       {@link Builder#resumeWindow resumeWindow} events the bridge pushed (it keeps them in
 *       memory); otherwise it is told with a {@code resume-failed} frame. {@code ?since=start} asks
 *       for the whole window.
 *   <li><b>Slow clients.</b> Each client has a bounded buffer; when it is full the
 *       {@link SlowClientPolicy} drops the oldest event (with a notice) or closes the client with
 *       {@link CloseCodes#SLOW_CLIENT}. The bus's subscriber only offers each event to the bridge's
 *       intake queue: neither a slow client nor a thousand of them slows the bus.
 *   <li><b>Liveness and limits.</b> Pings every {@link Builder#heartbeat heartbeat}; a client
 *       silent for the {@link Builder#idleTimeout idle timeout} is closed. Inbound frames are
 *       limited in size (larger: close 1009) and rate (beyond: error frames, then close
 *       {@link CloseCodes#RATE_LIMITED}).
 *   <li><b>Inbound publish.</b> {@code {"kind":"publish","type":"task:created","data":{...}}}
 *       is decoded by the generated codec, strictly and within limits, and published with the
 *       principal's tenant; bad input gets an {@code error} frame, never a closed socket.
 * </ul>
 *
 * <p>Thread-safe. Closing the bridge cancels its subscription and closes its clients; it does not
 * close the bus.
 */
public final class WebBridge implements AutoCloseable {

  static final Logger LOG = LoggerFactory.getLogger(WebBridge.class);
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final EventBus bus;
  private final Set<EventKey<?>> outbound;
  private final Map<String, List<EventKey<?>>> inbound;
  private final Authenticator authenticator;
  private final ConnectionListener listener;
  private final int bufferSize;
  private final SlowClientPolicy slowClientPolicy;
  private final Duration heartbeat;
  private final Duration idleTimeout;
  private final int maxInboundBytes;
  private final int inboundPerSecond;
  private final JsonLimits limits;
  private final Counters counters = new Counters();
  private final Set<BridgeClient> clients = ConcurrentHashMap.newKeySet();
  private final Fanout fanout;
  private final Subscription subscription;
  private final ScheduledExecutorService heartbeats;
  private volatile boolean closed;

  private WebBridge(Builder builder) {
    this.bus = builder.bus;
    this.outbound = identitySet(builder.outbound);
    Map<String, List<EventKey<?>>> byName = new LinkedHashMap<>();
    for (EventKey<?> key : builder.inbound) {
      byName.computeIfAbsent(key.name(), n -> new ArrayList<>()).add(key);
    }
    this.inbound = Map.copyOf(byName);
    this.authenticator = builder.authenticator;
    this.listener = builder.listener;
    this.bufferSize = builder.bufferSize;
    this.slowClientPolicy = builder.slowClientPolicy;
    this.heartbeat = builder.heartbeat;
    this.idleTimeout = builder.idleTimeout;
    this.maxInboundBytes = builder.maxInboundBytes;
    this.inboundPerSecond = builder.inboundPerSecond;
    this.limits = JsonLimits.defaults();
    this.fanout = new Fanout(builder.intakeCapacity, builder.resumeWindow,
        CloudEvents.of(bus.events()), builder.filter, counters,
        "herald-web-fanout-" + bus.source());
    fanout.start();
    Set<EventKey<?>> allowed = outbound;
    this.subscription = bus.subscribe("#", envelope -> {
      if (allowed.contains(envelope.key())) {
        fanout.offer(envelope);
      }
    }, SubscribeOptions.named("herald-web-bridge").observer());
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "herald-web-heartbeat-" + bus.source());
      thread.setDaemon(true);
      return thread;
    });
    long period = heartbeat.toMillis();
    heartbeats.scheduleAtFixedRate(() -> clients.forEach(BridgeClient::ping), period, period,
        TimeUnit.MILLISECONDS);
  }

  /** Starts configuring a bridge for {@code bus}. */
  public static Builder builder(EventBus bus) {
    return new Builder(bus);
  }

  /** What the bridge counted so far. */
  public BridgeMetrics metrics() {
    return counters.snapshot();
  }

  /**
   * The bridge as a component of a health report: DOWN once closed, DEGRADED while events were
   * missed for a full intake or clients' buffers are more than half full on average, else UP.
   */
  public Health.Component health() {
    if (closed) {
      return Health.Component.down("closed");
    }
    BridgeMetrics now = metrics();
    String figures = now.connectedClients() + " clients, " + now.bufferedNow() + " events"
        + " buffered, " + now.dropped() + " dropped, " + now.intakeOverflows() + " missed";
    if (now.connectedClients() > 0
        && now.bufferedNow() > (long) now.connectedClients() * bufferSize / 2) {
      return Health.Component.degraded("clients read slowly: " + figures);
    }
    return Health.Component.up(figures);
  }

  /** The events that may go out, in no particular order. */
  public Set<EventKey<?>> outbound() {
    return outbound;
  }

  /** The bus this bridge serves. */
  public EventBus bus() {
    return bus;
  }

  /** The authenticator of the bridge, which a server also uses for its HTTP endpoints. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** Closes every client with 1001 (going away) and stops hearing the bus; the bus stays open. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscription.cancel();
    heartbeats.shutdownNow();
    for (BridgeClient client : clients) {
      client.close(CloseCodes.BRIDGE_CLOSED, "the bridge is closing");
    }
    fanout.stop();
  }

  // ---------------------------------------------------------------- wiring to Jetty

  /** Creates the endpoint of an upgrade request, or refuses it with 401 and returns null. */
  WebSocketCreator creator() {
    return this::accept;
  }

  /** The idle timeout and inbound size limit, applied to each session. */
  Duration idleTimeout() {
    return idleTimeout;
  }

  int maxInboundBytes() {
    return maxInboundBytes;
  }

  private Object accept(ServerUpgradeRequest request, ServerUpgradeResponse response,
      org.eclipse.jetty.util.Callback callback) {
    if (closed) {
      Response.writeError(request, response, callback, 503, "the bridge is closed");
      return null;
    }
    JettyConnectRequest connect = new JettyConnectRequest(request);
    Optional<WebPrincipal> principal;
    try {
      principal = authenticator.authenticate(connect);
    } catch (RuntimeException e) {
      LOG.warn("The authenticator failed on a connection from {}; refusing it",
          connect.remoteAddress(), e);
      principal = Optional.empty();
    }
    if (principal.isEmpty()) {
      counters.refused.increment();
      Response.writeError(request, response, callback, 401,
          "authentication required: send a valid token or session cookie");
      return null;
    }
    BridgeClient.Subscription initial;
    try {
      initial = subscription(connect.query("patterns")
          .map(value -> List.of(value.split(","))).orElse(List.of("#")));
    } catch (IllegalArgumentException e) {
      Response.writeError(request, response, callback, 400, e.getMessage());
      return null;
    }
    BridgeClient.Resume resume = connect.query("lastEventId")
        .filter(id -> !id.isBlank())
        .map(id -> new BridgeClient.Resume(id, false))
        .orElse(connect.query("since").filter("start"::equals).isPresent()
            ? new BridgeClient.Resume(null, true) : BridgeClient.Resume.NONE);
    ClientInfo info = new ClientInfo("ws_" + CONNECTIONS.incrementAndGet(), principal.get(),
        connect.remoteAddress());
    return new BridgeClient(this, info, resume, initial, inboundPerSecond);
  }

  Counters counters() {
    return counters;
  }

  Outbox newOutbox(Session session) {
    session.setIdleTimeout(idleTimeout);
    session.setMaxTextMessageSize(maxInboundBytes);
    session.setMaxBinaryMessageSize(maxInboundBytes);
    return new Outbox(session, bufferSize, slowClientPolicy, counters);
  }

  void opened(BridgeClient client) {
    clients.add(client);
    counters.connected.incrementAndGet();
    notify(l -> l.connected(client.info()));
    notify(l -> l.authenticated(client.info()));
    fanout.join(client);
  }

  void closed(BridgeClient client, int code, ConnectionListener.Disconnect cause) {
    if (!clients.remove(client)) {
      return;
    }
    counters.connected.decrementAndGet();
    Outbox outbox = client.outbox();
    if (outbox != null) {
      outbox.discard();
    }
    if (!closed) {
      fanout.leave(client);
    }
    notify(l -> l.disconnected(client.info(), code, cause));
  }

  void received(BridgeClient client, String text) {
    InboundFrame frame;
    try {
      frame = InboundFrame.parse(text);
    } catch (InboundFrame.BadFrame bad) {
      reject(client, bad.ref, bad.code, bad.getMessage());
      return;
    }
    if (InboundFrame.SUBSCRIBE.equals(frame.kind())) {
      try {
        BridgeClient.Subscription changed = subscription(frame.patterns());
        // On the fan-out thread, so that events after the answer follow the new subscription.
        fanout.command(() -> {
          client.subscription(changed);
          client.send(Frames.subscribed(changed.patterns()));
        });
      } catch (IllegalArgumentException e) {
        reject(client, frame.ref(), "bad-pattern", e.getMessage());
      }
    } else {
      publish(client, frame);
    }
  }

  private void publish(BridgeClient client, InboundFrame frame) {
    List<EventKey<?>> versions = inbound.get(frame.type());
    if (versions == null) {
      reject(client, frame.ref(), "not-permitted", "clients may not publish \"" + frame.type()
          + "\"; this bridge accepts " + new java.util.TreeSet<>(inbound.keySet()));
      return;
    }
    EventKey<?> key = versions.get(versions.size() - 1);
    if (frame.version() != 0) {
      key = versions.stream().filter(k -> k.version() == frame.version()).findFirst()
          .orElse(null);
      if (key == null) {
        reject(client, frame.ref(), "not-permitted", "version " + frame.version() + " of \""
            + frame.type() + "\" is not accepted here; versions "
            + versions.stream().map(EventKey::version).toList() + " are");
        return;
      }
    }
    WebPrincipal principal = client.principal();
    Metadata.Builder metadata = Metadata.builder().tenant(principal.tenant())
        .header("principal", principal.name());
    if (frame.correlationId() != null) {
      metadata.correlationId(frame.correlationId());
    }
    try {
      Envelope<?> sent = decodeAndPublish(key, frame.data(), metadata.build());
      counters.publishedIn.increment();
      client.send(Frames.published(frame.ref(), sent.id()));
    } catch (EventDecodingException e) {
      reject(client, frame.ref(), "invalid-event", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Publishing {} from {} failed", frame.type(), client.info().connectionId(), e);
      reject(client, frame.ref(), "not-published", "the bus did not take the event: "
          + e.getMessage());
    }
  }

  private <T extends Record> Envelope<T> decodeAndPublish(EventKey<T> key, byte[] data,
      Metadata metadata) {
    return bus.publish(key, key.fromJson(data, limits), metadata);
  }

  private void reject(BridgeClient client, String ref, String code, String message) {
    counters.rejectedIn.increment();
    client.send(Frames.error(ref, code, message));
  }

  /** The allowed keys that {@code patterns} match, or an exception naming a pattern at fault. */
  private BridgeClient.Subscription subscription(List<String> patterns) {
    Set<EventKey<?>> keys = Collections.newSetFromMap(new IdentityHashMap<>());
    for (String pattern : patterns) {
      String trimmed = pattern.trim();
      Optional<String> problem = EventNames.patternProblem(trimmed);
      if (problem.isPresent()) {
        throw new IllegalArgumentException("pattern \"" + trimmed + "\": " + problem.get());
      }
      for (EventKey<?> key : outbound) {
        if (EventNames.matches(trimmed, key.name())) {
          keys.add(key);
        }
      }
    }
    return new BridgeClient.Subscription(List.copyOf(patterns), Collections.unmodifiableSet(keys));
  }

  private void notify(java.util.function.Consumer<ConnectionListener> call) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      LOG.warn("A ConnectionListener failed", e);
    }
  }

  private static Set<EventKey<?>> identitySet(Set<EventKey<?>> keys) {
    Set<EventKey<?>> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(keys);
    return Collections.unmodifiableSet(set);
  }

  /** Configures a {@link WebBridge}; nothing goes out or comes in unless allowed here. */
  public static final class Builder {
    private final EventBus bus;
    private final Set<EventKey<?>> outbound = new LinkedHashSet<>();
    private final Set<EventKey<?>> inbound = new LinkedHashSet<>();
    private Authenticator authenticator;
    private ClientFilter filter = ClientFilter.ALL;
    private ConnectionListener listener = new ConnectionListener() {};
    private int bufferSize = 1024;
    private SlowClientPolicy slowClientPolicy = SlowClientPolicy.DROP_OLDEST;
    private int resumeWindow = 10_000;
    private int intakeCapacity = 65_536;
    private Duration heartbeat = Duration.ofSeconds(20);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxInboundBytes = 64 * 1024;
    private int inboundPerSecond = 50;

    private Builder(EventBus bus) {
      this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** Lets these events go out to clients. */
    public Builder outbound(EventKey<?>... keys) {
      for (EventKey<?> key : keys) {
        outbound.add(Objects.requireNonNull(key, "key"));
      }
      return this;
    }

    /**
     * Lets every event of the bus whose name matches {@code pattern} go out, e.g. {@code task:*}.
     *
     * @throws IllegalArgumentException if the pattern is malformed or matches none of the bus's
     *     events (a typo would otherwise let nothing through, silently)
     */
    public Builder outboundMatching(String pattern) {
      outbound.addAll(matching(bus, pattern, "outboundMatching"));
      return this;
    }

    /** Lets clients publish these events (with their principal's tenant). Default: none. */
    public Builder inbound(EventKey<?>... keys) {
      for (EventKey<?> key : keys) {
        inbound.add(Objects.requireNonNull(key, "key"));
      }
      return this;
    }

    /** Who may connect, and as whom; required. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Which allowed events each principal may see; default all of its tenant's. */
    public Builder filter(ClientFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Hears clients connect and disconnect. */
    public Builder listener(ConnectionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Frames each client may have waiting, and what happens beyond; default 1024, drop oldest. */
    public Builder buffer(int frames, SlowClientPolicy policy) {
      this.bufferSize = atLeast(1, frames, "buffer");
      this.slowClientPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** How many recent events a reconnecting client can resume from; default 10,000. */
    public Builder resumeWindow(int events) {
      this.resumeWindow = atLeast(1, events, "resumeWindow");
      return this;
    }

    /** Events waiting for the fan-out thread before the bridge misses some; default 65,536. */
    public Builder intakeCapacity(int events) {
      this.intakeCapacity = atLeast(1, events, "intakeCapacity");
      return this;
    }

    /** How often clients are pinged; default 20 seconds. */
    public Builder heartbeat(Duration every) {
      this.heartbeat = positive(every, "heartbeat");
      return this;
    }

    /** How long a silent client stays connected; default 60 seconds. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /** The largest inbound frame; default 64 KiB. */
    public Builder maxInboundBytes(int bytes) {
      this.maxInboundBytes = atLeast(128, bytes, "maxInboundBytes");
      return this;
    }

    /** Inbound frames per second and client (and burst); default 50. */
    public Builder inboundRate(int perSecond) {
      this.inboundPerSecond = atLeast(1, perSecond, "inboundRate");
      return this;
    }

    /**
     * Subscribes to the bus and starts the fan-out; mount the bridge on a {@link HeraldWebServer}.
     *
     * @throws IllegalStateException if no authenticator or no outbound event was given
     */
    public WebBridge build() {
      if (authenticator == null) {
        throw new IllegalStateException("A WebBridge needs an authenticator: call"
            + " authenticator(Authenticator.bearer(...)) or another; there is no anonymous access");
      }
      if (outbound.isEmpty() && inbound.isEmpty()) {
        throw new IllegalStateException("A WebBridge lets nothing through by default: name the"
            + " events clients may receive with outbound(EventMap.X, ...) or"
            + " outboundMatching(\"pattern\")");
      }
      return new WebBridge(this);
    }

    private static int atLeast(int min, int value, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }

  /**
   * The bus's events whose names match {@code pattern}, for the allow-lists of the bridge, the
   * ingest endpoint and webhooks: a pattern that matches nothing is an error, since a typo would
   * otherwise let nothing through, silently.
   */
  static List<EventKey<?>> matching(EventBus bus, String pattern, String method) {
    EventNames.requireValidPattern(pattern);
    List<EventKey<?>> matched = bus.events().stream()
        .filter(key -> EventNames.matches(pattern, key.name())).toList();
    if (matched.isEmpty()) {
      throw new IllegalArgumentException(method + "(\"" + pattern + "\") matches none of the"
          + " bus's " + bus.events().size() + " events; check the pattern, or add the contracts"
          + " jar that declares them");
    }
    return matched;
  }

  static InetSocketAddress unknownAddress() {
    return InetSocketAddress.createUnresolved("unknown", 0);
  }
}
