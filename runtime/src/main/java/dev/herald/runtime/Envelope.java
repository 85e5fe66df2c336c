package dev.herald.runtime;

import dev.herald.runtime.internal.Envelopes;
import dev.herald.runtime.internal.TimeOrderedIds;
import dev.herald.runtime.wire.CloudEvents;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One published event: the payload with its metadata. Listeners that take an {@code Envelope<T>}
 * parameter receive it whole; on the wire it is a CloudEvents 1.0 document.
 *
 * <p>Immutable. The payload type {@code T} is the event record, or a sealed interface of events for
 * listeners that hear several of them.
 *
 * @param <T> the payload type as the receiver sees it
 */
public final class Envelope<T> {

  static {
    Envelopes.install(Envelope::stamped);
  }

  /**
   * The id; for an envelope the bus stamped, rendered from {@link #idMillis} and {@link #idCounter}
   * on first use (a benign race: every thread renders the same string).
   */
  private String id;
  /** For a stamped envelope: renders the id; else null. */
  private final TimeOrderedIds idFormat;
  private final long idMillis;
  private final long idCounter;
  /** The time, kept as numbers: an envelope is made far more often than its time is read. */
  private final long epochSecond;
  private final int nano;
  /** A root event the bus stamped whose correlation id is its own id, rendered on first use. */
  private final boolean correlatedToSelf;
  private final String source;
  private final EventKey<?> key;
  private final String correlationId;
  private final String causationId;
  private final String tenantId;
  private final Map<String, String> headers;
  private final T payload;

  private Envelope(EventKey<?> key, T payload, String id, Instant time, String source,
      String correlationId, String causationId, String tenantId, Map<String, String> headers) {
    this.id = Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    this.idFormat = null;
    this.idMillis = 0;
    this.idCounter = 0;
    this.epochSecond = time.getEpochSecond();
    this.nano = time.getNano();
    this.correlatedToSelf = false;
    this.source = Objects.requireNonNull(source, "source");
    this.key = key;
    this.correlationId = correlationId;
    this.causationId = causationId;
    this.tenantId = tenantId;
    this.headers = headers.isEmpty() ? Map.of() : Map.copyOf(headers);
    this.payload = payload;
  }

  /** A stamped envelope: see {@link Envelopes.Factory}. */
  private Envelope(EventKey<?> key, T payload, TimeOrderedIds idFormat, long idMillis,
      long idCounter, long epochSecond, int nano, String source, String correlationId,
      String causationId, String tenantId, Map<String, String> headers) {
    this.idFormat = idFormat;
    this.idMillis = idMillis;
    this.idCounter = idCounter;
    this.epochSecond = epochSecond;
    this.nano = nano;
    this.source = Objects.requireNonNull(source, "source");
    this.key = key;
    this.correlatedToSelf = correlationId == null;
    this.correlationId = correlationId;
    this.causationId = causationId;
    this.tenantId = tenantId;
    this.headers = headers.isEmpty() ? Map.of() : Map.copyOf(headers);
    this.payload = payload;
  }

  private static Envelope<?> stamped(EventKey<?> key, Object payload, TimeOrderedIds idFormat,
      long idMillis, long idCounter, long epochSecond, int nano, String source,
      String correlationId, String causationId, String tenantId, Map<String, String> headers) {
    if (!key.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(key + " cannot carry "
          + (payload == null ? "a null payload" : "a payload of type " + payload.getClass().getName()));
    }
    return new Envelope<>(key, payload, idFormat, idMillis, idCounter, epochSecond, nano, source,
        correlationId, causationId, tenantId, Objects.requireNonNull(headers, "headers"));
  }

  /**
   * An envelope with every field at once, for code that makes many of them (the bus, transports,
   * stores); the builder reads better elsewhere. Nullable: the correlation, causation and tenant
   * ids.
   */
  public static <T extends Record> Envelope<T> of(EventKey<T> key, T payload, String id,
      Instant time, String source, String correlationId, String causationId, String tenantId,
      Map<String, String> headers) {
    Objects.requireNonNull(key, "key");
    if (!key.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(key + " cannot carry "
          + (payload == null ? "a null payload" : "a payload of type " + payload.getClass().getName()));
    }
    return new Envelope<>(key, payload, id, time, source, correlationId, causationId, tenantId,
        Objects.requireNonNull(headers, "headers"));
  }

  /** Starts an envelope for {@code payload} of the event {@code key}. */
  public static <T extends Record> Builder<T> builder(EventKey<T> key, T payload) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
    if (!key.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(
          key + " cannot carry a payload of type " + payload.getClass().getName());
    }
    return new Builder<>(key, payload);
  }

  /** The unique id, {@code evt_} followed by a time-ordered id. */
  public String id() {
    String rendered = id;
    if (rendered == null) {
      rendered = idFormat.format(idMillis, idCounter);
      id = rendered;
    }
    return rendered;
  }

  public Instant time() {
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  /** The publishing service, e.g. {@code gateway}. */
  public String source() {
    return source;
  }

  /** The event's contract. */
  public EventKey<?> key() {
    return key;
  }

  /** The event's name, e.g. {@code message:received}. */
  public String type() {
    return key.name();
  }

  public int version() {
    return key.version();
  }

  /** The id shared by every event of one request or flow; {@code null} when none was set. */
  public String correlationId() {
    return correlatedToSelf ? id() : correlationId;
  }

  /** The id of the event whose handling published this one; {@code null} for a root event. */
  public String causationId() {
    return causationId;
  }

  /** The tenant the event belongs to; {@code null} when the bus is not multi-tenant. */
  public String tenantId() {
    return tenantId;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public T payload() {
    return payload;
  }

  @Override
  public String toString() {
    // The payload is left out on purpose: it may be sensitive, see @Event(logPayload).
    String correlation = correlationId();
    return "Envelope[" + id() + " " + key.name() + " v" + key.version() + " from " + source
        + (correlation == null ? "" : " correlation " + correlation) + "]";
  }

  /** Builds an {@link Envelope}; id, time and source are required. */
  public static final class Builder<T> {
    private final EventKey<?> key;
    private final T payload;
    private String id;
    private Instant time;
    private String source;
    private String correlationId;
    private String causationId;
    private String tenantId;
    private Map<String, String> headers = Map.of();

    private Builder(EventKey<?> key, T payload) {
      this.key = key;
      this.payload = payload;
    }

    public Builder<T> id(String id) {
      this.id = id;
      return this;
    }

    public Builder<T> time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder<T> source(String source) {
      this.source = source;
      return this;
    }

    public Builder<T> correlationId(String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    public Builder<T> causationId(String causationId) {
      this.causationId = causationId;
      return this;
    }

    public Builder<T> tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder<T> headers(Map<String, String> headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    public Envelope<T> build() {
      return new Envelope<>(key, payload, id, time, source, correlationId, causationId, tenantId,
          headers);
    }
  }
}
