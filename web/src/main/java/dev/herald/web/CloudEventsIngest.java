package dev.herald.web;

import dev.herald.runtime.BackpressureException;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Takes CloudEvents over HTTP into a bus: the HTTP protocol binding of CloudEvents 1.0, in the
 * structured mode ({@code Content-Type: application/cloudevents+json}, the event as the body; a
 * batch as {@code application/cloudevents-batch+json}) and the binary mode ({@code ce-*} headers,
 * the data as the body, {@code Content-Type: application/json}).
 *
 * <pre>{@code
 * CloudEventsIngest ingest = CloudEventsIngest.builder(bus)
 *     .accept(EventMap.TASK_CREATED)                         // deny by default
 *     .authenticator(Authenticator.bearer(tokens::principal))
 *     .build();
 * HeraldWebServer.builder().port(8080).handler("/cloudevents", ingest).start();
 * }</pre>
 *
 * <p>A request is authenticated first (the {@link Authenticator} of the bridge; 401 without a
 * principal), its signature checked if the endpoint {@linkplain Builder#signatures asks for one}
 * (401), its media type (415) and size (413) checked, then decoded strictly by the bus's contracts
 * ({@link CloudEvents}; 400 with the decoder's reason), allowed by type (403) and tenant (403: a
 * principal with a tenant may send only that tenant's events, and events without a tenant get
 * it), and delivered to the bus's subscribers as it is, keeping its id, time and source, as a
 * transport delivers an event published in another process; the answer is 202 with the ids. The
 * envelope's {@code principal} header is set to the principal's name.
 *
 * <p>Idempotent for redeliveries: the endpoint remembers the {@code source} and {@code id} of the
 * last {@link Builder#dedupeWindow dedupeWindow} events it took, in memory, and answers a second
 * delivery of one of them 202 (listed as a duplicate) without delivering it again. Thread-safe.
 */
public final class CloudEventsIngest extends Handler.Abstract {

  private static final String BINARY_HINT = "send application/cloudevents+json (structured mode),"
      + " or the event's data as application/json with ce-specversion, ce-id, ce-source and"
      + " ce-type headers (binary mode)";

  private final EventBus bus;
  private final Set<EventKey<?>> accepted;
  private final Authenticator authenticator;
  private final WebhookVerifier signatures;
  private final int maxBodyBytes;
  private final CloudEvents structured;
  private final BinaryBinding binary;
  private final RecentIds recent;
  private final Clock clock;
  private final Counts counts = new Counts();

  private CloudEventsIngest(Builder builder) {
    this.bus = builder.bus;
    Set<EventKey<?>> keys = Collections.newSetFromMap(new IdentityHashMap<>());
    keys.addAll(builder.accepted);
    this.accepted = Collections.unmodifiableSet(keys);
    this.authenticator = builder.authenticator;
    this.signatures = builder.signatures;
    this.maxBodyBytes = builder.maxBodyBytes;
    JsonLimits limits = JsonLimits.defaults();
    this.structured = CloudEvents.of(bus.events()).withLimits(limits);
    this.binary = new BinaryBinding(bus.events(), limits);
    this.recent = new RecentIds(builder.dedupeWindow);
    this.clock = builder.clock;
  }

  /** Starts configuring an endpoint that publishes into {@code bus}. */
  public static Builder builder(EventBus bus) {
    return new Builder(bus);
  }

  /** What the endpoint counted so far. */
  public IngestMetrics metrics() {
    return counts.snapshot();
  }

  /** The events the endpoint accepts, in no particular order. */
  public Set<EventKey<?>> accepted() {
    return accepted;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return HttpAnswers.error(response, callback, 405, "method-not-allowed",
          "POST CloudEvents here; " + request.getMethod() + " is not supported");
    }
    Optional<WebPrincipal> principal = authenticate(request);
    if (principal.isEmpty()) {
      counts.unauthenticated.increment();
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      return HttpAnswers.error(response, callback, 401, "unauthenticated",
          "authentication required: send a valid token");
    }
    HttpFields headers = request.getHeaders();
    Mode mode = Mode.of(headers.get(HttpHeader.CONTENT_TYPE), headers.get("ce-specversion"));
    if (mode == null) {
      counts.unsupportedMediaType.increment();
      return HttpAnswers.error(response, callback, 415, "unsupported-media-type",
          "Content-Type \"" + headers.get(HttpHeader.CONTENT_TYPE) + "\" is not a CloudEvent;"
              + " " + BINARY_HINT);
    }
    byte[] body;
    try {
      body = readBody(request);
    } catch (IOException e) {
      counts.badRequests.increment();
      return HttpAnswers.error(response, callback, 400, "unreadable",
          "the request body could not be read: " + e.getMessage());
    }
    if (body == null) {
      counts.tooLarge.increment();
      return HttpAnswers.error(response, callback, 413, "too-large",
          "the body exceeds this endpoint's limit of " + maxBodyBytes + " bytes");
    }
    if (signatures != null) {
      try {
        signatures.verify(headers.get(WebhookSignature.HEADER), body);
      } catch (InvalidSignatureException e) {
        counts.unauthenticated.increment();
        return HttpAnswers.error(response, callback, 401, "bad-signature", e.getMessage());
      }
    }
    List<Envelope<?>> envelopes;
    try {
      envelopes = decode(mode, headers, body);
    } catch (NotAccepted e) {
      counts.forbidden.increment();
      return HttpAnswers.error(response, callback, 403, "not-accepted", e.getMessage());
    } catch (EventDecodingException e) {
      counts.badRequests.increment();
      return HttpAnswers.error(response, callback, 400, "invalid-event", e.getMessage());
    }
    List<Envelope<?>> stamped = new ArrayList<>(envelopes.size());
    for (Envelope<?> envelope : envelopes) {
      String refusal = refusal(envelope, principal.get());
      if (refusal != null) {
        counts.forbidden.increment();
        return HttpAnswers.error(response, callback, 403, "not-accepted", refusal);
      }
      stamped.add(stamp(envelope, principal.get()));
    }
    return deliver(stamped, response, callback);
  }

  private Optional<WebPrincipal> authenticate(Request request) {
    try {
      return authenticator.authenticate(new JettyConnectRequest(request));
    } catch (RuntimeException e) {
      WebBridge.LOG.warn("The authenticator failed on a CloudEvents request; refusing it", e);
      return Optional.empty();
    }
  }

  /** The body, or null if it is larger than allowed. */
  private byte[] readBody(Request request) throws IOException {
    long length = request.getLength();
    if (length > maxBodyBytes) {
      return null;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      return body.length > maxBodyBytes ? null : body;
    }
  }

  private List<Envelope<?>> decode(Mode mode, HttpFields headers, byte[] body) {
    return switch (mode) {
      case STRUCTURED -> List.of(structured.fromJson(body));
      case BATCH -> structured.fromJsonBatch(body);
      case BINARY -> {
        BinaryBinding.Headers view = new BinaryBinding.Headers() {
          @Override
          public String get(String name) {
            return headers.get(name);
          }

          @Override
          public Iterable<String> names() {
            return headers.getFieldNamesCollection();
          }
        };
        EventKey<?> key = binary.keyOf(view);
        if (!accepted.contains(key)) {
          throw new NotAccepted(key); // before its data is read
        }
        yield List.of(binary.read(key, view, body, clock.instant()));
      }
    };
  }

  /** Why the principal may not send this event, or null if it may. */
  private String refusal(Envelope<?> envelope, WebPrincipal principal) {
    if (!accepted.contains(envelope.key())) {
      return new NotAccepted(envelope.key()).getMessage();
    }
    String tenant = principal.tenant();
    if (tenant != null && envelope.tenantId() != null && !tenant.equals(envelope.tenantId())) {
      return "event " + envelope.id() + " is of tenant \"" + envelope.tenantId() + "\"; "
          + principal.name() + " may send only events of tenant \"" + tenant + "\"";
    }
    return null;
  }

  private static Envelope<?> stamp(Envelope<?> envelope, WebPrincipal principal) {
    Map<String, String> headers = new LinkedHashMap<>(envelope.headers());
    headers.put("principal", principal.name());
    String tenant = principal.tenant() != null ? principal.tenant() : envelope.tenantId();
    return rebuilt(envelope, tenant, headers);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the same key and payload
  private static Envelope<?> rebuilt(Envelope<?> envelope, String tenant,
      Map<String, String> headers) {
    return Envelope.builder((EventKey) envelope.key(), (Record) envelope.payload())
        .id(envelope.id()).time(envelope.time()).source(envelope.source())
        .correlationId(envelope.correlationId()).causationId(envelope.causationId())
        .tenantId(tenant).headers(headers).build();
  }

  private boolean deliver(List<Envelope<?>> envelopes, Response response, Callback callback) {
    List<String> delivered = new ArrayList<>(envelopes.size());
    List<String> duplicates = new ArrayList<>(0);
    for (Envelope<?> envelope : envelopes) {
      if (!recent.claim(envelope.source(), envelope.id())) {
        counts.duplicates.increment();
        duplicates.add(envelope.id());
        continue;
      }
      try {
        bus.deliver(envelope);
      } catch (BusClosedException | BackpressureException e) {
        recent.release(envelope.source(), envelope.id());
        counts.unavailable.increment();
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        return HttpAnswers.error(response, callback, 503, "unavailable", "the bus did not take"
            + " event " + envelope.id() + (delivered.isEmpty() ? "" : " (events " + delivered
            + " before it were taken)") + ": " + e.getMessage());
      }
      counts.accepted.increment();
      delivered.add(envelope.id());
    }
    return HttpAnswers.accepted(response, callback, delivered, duplicates);
  }

  /** How a request carries its event(s), from its media type. */
  private enum Mode {
    STRUCTURED, BATCH, BINARY;

    static Mode of(String contentType, String specVersionHeader) {
      if (contentType == null) {
        return null;
      }
      String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (media.equals(CloudEvents.CONTENT_TYPE)) {
        return STRUCTURED;
      }
      if (media.equals(CloudEvents.BATCH_CONTENT_TYPE)) {
        return BATCH;
      }
      boolean json = media.equals(BinaryBinding.DATA_CONTENT_TYPE) || media.endsWith("+json");
      return json && specVersionHeader != null ? BINARY : null;
    }
  }

  /** An event type the endpoint does not accept. */
  private final class NotAccepted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotAccepted(EventKey<?> key) {
      super("this endpoint does not accept \"" + key.name() + "\" (version " + key.version()
          + "); it accepts " + accepted.stream().map(k -> k.name() + " v" + k.version())
          .sorted().toList(), null, false, false);
    }
  }

  private static final class Counts {
    final LongAdder accepted = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder unauthenticated = new LongAdder();
    final LongAdder forbidden = new LongAdder();
    final LongAdder tooLarge = new LongAdder();
    final LongAdder unsupportedMediaType = new LongAdder();
    final LongAdder unavailable = new LongAdder();

    IngestMetrics snapshot() {
      return new IngestMetrics(accepted.sum(), duplicates.sum(), badRequests.sum(),
          unauthenticated.sum(), forbidden.sum(), tooLarge.sum(), unsupportedMediaType.sum(),
          unavailable.sum());
    }
  }

  /** Configures a {@link CloudEventsIngest}; nothing is accepted unless allowed here. */
  public static final class Builder {
    private final EventBus bus;
    private final Set<EventKey<?>> accepted = new java.util.LinkedHashSet<>();
    private Authenticator authenticator;
    private WebhookVerifier signatures;
    private int maxBodyBytes = 256 * 1024;
    private int dedupeWindow = 10_000;
    private Clock clock = Clock.systemUTC();

    private Builder(EventBus bus) {
      this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** Accepts these events. */
    public Builder accept(EventKey<?>... keys) {
      for (EventKey<?> key : keys) {
        accepted.add(Objects.requireNonNull(key, "key"));
      }
      return this;
    }

    /**
     * Accepts every event of the bus whose name matches {@code pattern}, e.g. {@code task:*}.
     *
     * @throws IllegalArgumentException if the pattern is malformed or matches none of the bus's
     *     events
     */
    public Builder acceptMatching(String pattern) {
      accepted.addAll(WebBridge.matching(bus, pattern, "acceptMatching"));
      return this;
    }

    /** Who may send events, and as whom; required. The principal's tenant is stamped. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Also requires a genuine, recent {@link WebhookSignature} of the body, as Herald's webhooks
     * send ({@code 401} otherwise). Default: none.
     */
    public Builder signatures(WebhookVerifier verifier) {
      this.signatures = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** The largest body taken (larger: 413); default 256 KiB. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 256) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 256, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** How many recent event ids are remembered to spot redeliveries; default 10,000. */
    public Builder dedupeWindow(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("dedupeWindow must be at least 1, got " + events);
      }
      this.dedupeWindow = events;
      return this;
    }

    /** The clock that dates binary-mode events without {@code ce-time}; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the endpoint; mount it with {@link HeraldWebServer.Builder#handler}.
     *
     * @throws IllegalStateException if no authenticator or no accepted event was given
     */
    public CloudEventsIngest build() {
      if (authenticator == null) {
        throw new IllegalStateException("A CloudEventsIngest needs an authenticator: call"
            + " authenticator(Authenticator.bearer(...)); there is no anonymous access");
      }
      if (accepted.isEmpty()) {
        throw new IllegalStateException("A CloudEventsIngest accepts nothing by default: name the"
            + " events it takes with accept(EventMap.X, ...) or acceptMatching(\"pattern\")");
      }
      return new CloudEventsIngest(this);
    }
  }
}
