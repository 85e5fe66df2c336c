package dev.herald.web;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.wire.CloudEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Delivers chosen events of a bus to HTTP endpoints as signed CloudEvents: outbound webhooks.
 *
 * <pre>{@code
 * Webhooks webhooks = Webhooks.builder(bus)
 *     .endpoint(WebhookEndpoint.builder("crm", URI.create("https://crm.example/hooks"))
 *         .secret(secret).eventsMatching("guest:*").build())
 *     .build();
 * webhooks.health();     // the bus's health with a component per endpoint
 * }</pre>
 *
 * <ul>
 *   <li><b>A subscriber of the bus.</b> Each endpoint is an ASYNC subscriber named
 *       {@code webhook:<name>} of each of its events, so the bus's machinery does the rest: a
 *       failed delivery is retried with the endpoint's {@link RetryPolicy} (exponential backoff)
 *       and, after its last attempt, dead-lettered to the bus's
 *       {@link dev.herald.runtime.deadletter.DeadLetterStore}, whence {@code bus.replay(letter)}
 *       sends it again. A request holds one of the bus's async threads for at most the endpoint's
 *       timeout.
 *   <li><b>Signed.</b> Every request carries a {@link WebhookSignature} made with the endpoint's
 *       secret at the time of the attempt; receivers check it with {@link WebhookVerifier}.
 *   <li><b>A circuit breaker per endpoint</b> (Resilience4j). No answer, a timeout, 5xx, 408 and
 *       429 count as failures; other 4xx (the endpoint is up and refuses the event) are retried
 *       but do not count. While the breaker is open, attempts fail at once without a request and
 *       are retried later by the bus.
 *   <li><b>Health and metrics.</b> {@link #components()} has one component per endpoint,
 *       {@code webhook:<name>}: UP while its breaker is closed, DEGRADED while half-open, and
 *       {@link Builder#openBreakerStatus} (default DEGRADED: the bus still works, one receiver
 *       does not) while open; {@link #health()} adds them to the bus's own health.
 *       {@link #metrics()} counts per endpoint, and {@link #circuitBreakers()} is the registry
 *       Resilience4j's Micrometer binder takes.
 * </ul>
 *
 * <p>Closing cancels the subscriptions; the bus stays open.
 */
public final class Webhooks implements AutoCloseable {

  /** The prefix of the endpoints' subscriber names and health components. */
  public static final String PREFIX = "webhook:";

  private final EventBus bus;
  private final List<WebhookSender> senders;
  private final CircuitBreakerRegistry breakers;
  private final Health.Status openStatus;
  private final List<Subscription> subscriptions = new ArrayList<>();

  private Webhooks(Builder builder) {
    this.bus = builder.bus;
    this.openStatus = builder.openStatus;
    this.breakers = CircuitBreakerRegistry.ofDefaults();
    CloudEvents wire = CloudEvents.of(bus.events());
    HttpClient http = builder.http != null ? builder.http
        : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<WebhookSender, Set<EventKey<?>>> routes = new LinkedHashMap<>();
    for (WebhookEndpoint endpoint : builder.endpoints.values()) {
      Set<EventKey<?>> keys = new LinkedHashSet<>(endpoint.events());
      for (String pattern : endpoint.patterns()) {
        keys.addAll(WebBridge.matching(bus, pattern, "webhook " + endpoint.name()
            + " eventsMatching"));
      }
      CircuitBreaker breaker = breakers.circuitBreaker(endpoint.name(),
          CircuitBreakerConfig.from(endpoint.breaker())
              .recordException(e -> !(e instanceof WebhookDeliveryException d) || !d.rejected())
              .ignoreException(e -> e instanceof WebhookDeliveryException d && d.rejected())
              .build());
      routes.put(new WebhookSender(endpoint, breaker, http, wire, builder.clock), keys);
    }
    // Subscribed once every pattern resolved, so that a bad one leaves no subscription behind.
    routes.forEach((sender, keys) -> keys.forEach(key -> subscriptions.add(subscribe(key,
        sender))));
    List<WebhookSender> list = List.copyOf(routes.keySet());
    this.senders = List.copyOf(list);
  }

  /** Starts configuring webhooks for {@code bus}'s events. */
  public static Builder builder(EventBus bus) {
    return new Builder(bus);
  }

  private <T extends Record> Subscription subscribe(EventKey<T> key, WebhookSender sender) {
    WebhookEndpoint endpoint = sender.endpoint();
    RetryPolicy retry = endpoint.retry();
    SubscribeOptions options = SubscribeOptions.named(PREFIX + endpoint.name())
        .delivery(Delivery.ASYNC)
        .maxAttempts(retry.maxAttempts())
        .backoff(retry.initialBackoff(), retry.maxBackoff());
    if (endpoint.tenant() != null) {
      options = options.tenant(endpoint.tenant());
    }
    return bus.subscribeEnvelopes(key, (Envelope<T> envelope) -> sender.send(envelope), options);
  }

  /** Each endpoint's health, by component name {@code webhook:<name>}. */
  public Map<String, Health.Component> components() {
    Map<String, Health.Component> components = new LinkedHashMap<>();
    for (WebhookSender sender : senders) {
      components.put(PREFIX + sender.endpoint().name(), component(sender));
    }
    return components;
  }

  /** The bus's health with {@link #components()} added; its status is the worst of all. */
  public Health health() {
    Health busHealth = bus.health();
    Map<String, Health.Component> all = new LinkedHashMap<>(busHealth.components());
    Health.Status status = busHealth.status();
    for (Map.Entry<String, Health.Component> entry : components().entrySet()) {
      all.put(entry.getKey(), entry.getValue());
      status = status.and(entry.getValue().status());
    }
    return new Health(status, all);
  }

  /** What each endpoint counted, in the order they were given. */
  public List<WebhookMetrics> metrics() {
    List<WebhookMetrics> metrics = new ArrayList<>(senders.size());
    for (WebhookSender sender : senders) {
      CircuitBreaker breaker = sender.breaker();
      metrics.add(new WebhookMetrics(sender.endpoint().name(), breaker.getState(),
          sender.delivered.sum(), sender.failed.sum(), sender.rejected.sum(),
          sender.notPermitted.sum(), breaker.getMetrics().getFailureRate()));
    }
    return metrics;
  }

  /** The endpoints' circuit breakers, named as the endpoints, e.g. to bind to Micrometer. */
  public CircuitBreakerRegistry circuitBreakers() {
    return breakers;
  }

  /** Stops delivering: cancels the subscriptions (queued retries then find no subscriber). */
  @Override
  public void close() {
    subscriptions.forEach(Subscription::cancel);
  }

  private Health.Component component(WebhookSender sender) {
    CircuitBreaker breaker = sender.breaker();
    CircuitBreaker.Metrics figures = breaker.getMetrics();
    String counts = sender.delivered.sum() + " delivered, " + sender.failed.sum() + " failed, "
        + sender.rejected.sum() + " rejected, " + sender.notPermitted.sum() + " not sent";
    String where = sender.endpoint().uri().toString();
    return switch (breaker.getState()) {
      case CLOSED, DISABLED, METRICS_ONLY -> Health.Component.up(where + ": " + counts);
      case HALF_OPEN -> Health.Component.degraded(where + ": circuit half-open, trying again; "
          + counts);
      case OPEN, FORCED_OPEN -> new Health.Component(openStatus, where + ": circuit open after a"
          + " failure rate of " + Math.round(figures.getFailureRate()) + "%; nothing is sent"
          + " until it half-opens; " + counts);
    };
  }

  /** Configures {@link Webhooks}. */
  public static final class Builder {
    private final EventBus bus;
    private final Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
    private HttpClient http;
    private Clock clock = Clock.systemUTC();
    private Health.Status openStatus = Health.Status.DEGRADED;

    private Builder(EventBus bus) {
      this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** Adds an endpoint; names must be unique. */
    public Builder endpoint(WebhookEndpoint endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoints.putIfAbsent(endpoint.name(), endpoint) != null) {
        throw new IllegalArgumentException("two webhook endpoints are named " + endpoint.name()
            + "; names identify subscribers and dead letters, so they must be unique");
      }
      return this;
    }

    /** The HTTP client; default Java's, with a 5-second connect timeout. */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock the signatures' timestamps come from; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The health of an endpoint whose breaker is open: DEGRADED (default), or DOWN where a
     * receiver that cannot be reached means the service cannot do its job.
     */
    public Builder openBreakerStatus(Health.Status status) {
      this.openStatus = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * Subscribes each endpoint to its events.
     *
     * @throws IllegalStateException without endpoints
     * @throws IllegalArgumentException if an endpoint's pattern matches none of the bus's events
     */
    public Webhooks build() {
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("Webhooks need at least one endpoint(...)");
      }
      return new Webhooks(this);
    }
  }
}
