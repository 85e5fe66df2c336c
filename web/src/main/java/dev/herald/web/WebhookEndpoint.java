package dev.herald.web;

import dev.herald.runtime.EventKey;
import dev.herald.runtime.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One URL that receives chosen events, signed with its own secret; see {@link Webhooks}.
 *
 * <pre>{@code
 * WebhookEndpoint crm = WebhookEndpoint.builder("crm", URI.create("https://crm.example/hooks"))
 *     .secret(System.getenv("CRM_WEBHOOK_SECRET"))
 *     .events(EventMap.GUEST_CHECKED_IN)          // or eventsMatching("guest:*")
 *     .build();
 * }</pre>
 *
 * <p>Defaults: structured mode, 10-second request timeout, 5 attempts with backoff from 1 second
 * doubling to 1 minute, and a circuit breaker that opens when half of the last 20 calls (at least
 * 10) failed, stays open 30 seconds, then lets 3 trial calls through. Immutable.
 */
public final class WebhookEndpoint {

  private final String name;
  private final URI uri;
  private final String secret;
  private final Set<EventKey<?>> events;
  private final List<String> patterns;
  private final WebhookMode mode;
  private final String tenant;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final CircuitBreakerConfig breaker;

  private WebhookEndpoint(Builder builder) {
    this.name = builder.name;
    this.uri = builder.uri;
    this.secret = builder.secret;
    this.events = Set.copyOf(builder.events);
    this.patterns = List.copyOf(builder.patterns);
    this.mode = builder.mode;
    this.tenant = builder.tenant;
    this.headers = Map.copyOf(builder.headers);
    this.timeout = builder.timeout;
    this.retry = builder.retry;
    this.breaker = builder.breaker;
  }

  /**
   * Starts configuring an endpoint named {@code name} (letters, digits, {@code -} and {@code _};
   * it names the bus subscriber {@code webhook:<name>}, its dead letters and its health component).
   */
  public static Builder builder(String name, URI uri) {
    return new Builder(name, uri);
  }

  /** The endpoint's name. */
  public String name() {
    return name;
  }

  /** Where events are posted. */
  public URI uri() {
    return uri;
  }

  /** The events given by key. */
  public Set<EventKey<?>> events() {
    return events;
  }

  /** The patterns given, resolved against the bus's events by {@link Webhooks}. */
  public List<String> patterns() {
    return patterns;
  }

  /** Structured or binary mode. */
  public WebhookMode mode() {
    return mode;
  }

  /** The only tenant whose events go here, or null for every event. */
  public String tenant() {
    return tenant;
  }

  /** Extra request headers, e.g. {@code Authorization}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** How long one request may take. */
  public Duration timeout() {
    return timeout;
  }

  /** Attempts and backoff, carried out by the bus. */
  public RetryPolicy retry() {
    return retry;
  }

  /** The circuit breaker's configuration. */
  public CircuitBreakerConfig breaker() {
    return breaker;
  }

  String secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + name + " " + uri + " " + mode + "]"; // never the secret
  }

  /** The breaker of the defaults; see the class comment. */
  static CircuitBreakerConfig.Builder defaultBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .permittedNumberOfCallsInHalfOpenState(3);
  }

  /** Configures a {@link WebhookEndpoint}. */
  public static final class Builder {
    private final String name;
    private final URI uri;
    private String secret;
    private final Set<EventKey<?>> events = new LinkedHashSet<>();
    private final List<String> patterns = new ArrayList<>();
    private WebhookMode mode = WebhookMode.STRUCTURED;
    private String tenant;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(10);
    private RetryPolicy retry = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1),
        0.5);
    private CircuitBreakerConfig breaker = defaultBreaker().build();

    private Builder(String name, URI uri) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("webhook name \"" + name + "\" must be 1 to 64"
            + " letters, digits, - or _: it names a subscriber, dead letters and a health"
            + " component");
      }
      Objects.requireNonNull(uri, "uri");
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("webhook " + name + ": " + uri + " is not an http(s)"
            + " URL");
      }
      this.name = name;
      this.uri = uri;
    }

    /** The shared secret the requests are signed with (at least 16 characters); required. */
    public Builder secret(String secret) {
      this.secret = WebhookSignature.requireSecret(secret);
      return this;
    }

    /** Sends these events. */
    public Builder events(EventKey<?>... keys) {
      for (EventKey<?> key : keys) {
        events.add(Objects.requireNonNull(key, "key"));
      }
      return this;
    }

    /** Sends the bus's events whose names match {@code pattern}, e.g. {@code task:*}. */
    public Builder eventsMatching(String pattern) {
      patterns.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    /** Structured (default) or binary mode. */
    public Builder mode(WebhookMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Sends only the events of {@code tenant}; default every event. */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** Adds a request header, e.g. {@code Authorization: Bearer …} for the receiver. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** How long one request may take; default 10 seconds. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Attempts and backoff; the bus retries, then dead-letters. Default: see the class. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * The circuit breaker's configuration; start from {@link CircuitBreakerConfig#custom()}.
     * Failures and rejections are classified by the webhooks; a predicate given here is
     * replaced.
     */
    public Builder breaker(CircuitBreakerConfig config) {
      this.breaker = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Builds the endpoint.
     *
     * @throws IllegalStateException without a secret or without events
     */
    public WebhookEndpoint build() {
      if (secret == null) {
        throw new IllegalStateException("webhook " + name + " needs a secret(...) to sign with;"
            + " its receiver verifies requests with WebhookVerifier.of(secret)");
      }
      if (events.isEmpty() && patterns.isEmpty()) {
        throw new IllegalStateException("webhook " + name + " sends nothing by default: name its"
            + " events with events(EventMap.X, ...) or eventsMatching(\"pattern\")");
      }
      return new WebhookEndpoint(this);
    }
  }
}
