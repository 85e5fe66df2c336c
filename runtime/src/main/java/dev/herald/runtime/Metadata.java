package dev.herald.runtime;

import dev.herald.runtime.wire.CloudEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a publisher says about an event besides its payload: correlation, tenant, headers.
 *
 * <pre>{@code
 * bus.publish(event, Metadata.builder().correlationId("req-1").tenant("acme").build());
 * }</pre>
 *
 * Inside a listener, fields left unset are inherited from the event being handled (correlation id,
 * tenant), and the causation id is set to that event's id.
 */
public final class Metadata {

  private static final Metadata NONE = new Builder().build();

  private final String correlationId;
  private final String causationId;
  private final String tenantId;
  private final Map<String, String> headers;
  /** Null for the event's default. */
  private final Integer priority;

  private Metadata(Builder builder) {
    this.correlationId = builder.correlationId;
    this.causationId = builder.causationId;
    this.tenantId = builder.tenantId;
    this.headers = Map.copyOf(builder.headers);
    this.priority = builder.priority;
  }

  /** No metadata: everything inherited or absent. */
  public static Metadata none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The correlation id, or {@code null} to inherit it (or, for a root event, to use the event id). */
  public String correlationId() {
    return correlationId;
  }

  /** An explicit causation id, or {@code null} to use the event being handled, if any. */
  public String causationId() {
    return causationId;
  }

  /** The tenant, or {@code null} to inherit it. */
  public String tenantId() {
    return tenantId;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The priority of this event's asynchronous deliveries, or empty for the event's default
   * ({@code @Event(priority = …)}). Not inherited by events published from its listeners, and not
   * carried by transports: it orders work within this bus.
   */
  public OptionalInt priority() {
    return priority == null ? OptionalInt.empty() : OptionalInt.of(priority);
  }

  @Override
  public String toString() {
    return "Metadata[correlation " + correlationId + ", causation " + causationId + ", tenant "
        + tenantId + ", headers " + headers.keySet()
        + (priority == null ? "" : ", priority " + priority) + "]";
  }

  /** Builds {@link Metadata}. */
  public static final class Builder {
    private String correlationId;
    private String causationId;
    private String tenantId;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Integer priority;

    private Builder() {}

    /**
     * The priority of this event's asynchronous deliveries, instead of its {@code @Event}'s: above
     * 0, the bus's workers take them before ordinary work (see {@code EventBus}).
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder correlationId(String correlationId) {
      this.correlationId = requireText(correlationId, "correlationId");
      return this;
    }

    public Builder causationId(String causationId) {
      this.causationId = requireText(causationId, "causationId");
      return this;
    }

    public Builder tenant(String tenantId) {
      this.tenantId = requireText(tenantId, "tenant");
      return this;
    }

    /**
     * Adds a header. Headers travel as CloudEvents extension attributes, so a name is 1 to 20
     * characters of {@code [a-z0-9]} and not one of the attributes Herald writes itself.
     */
    public Builder header(String name, String value) {
      requireText(name, "header name");
      if (!name.matches("[a-z0-9]{1,20}") || CloudEvents.isReserved(name)) {
        throw new IllegalArgumentException("Header name \"" + name + "\" is not allowed: headers"
            + " travel as CloudEvents extension attributes, whose names are 1 to 20 characters of"
            + " [a-z0-9] and must not be a standard attribute or one of Herald's (eventversion,"
            + " correlationid, causationid, tenantid)");
      }
      headers.put(name, Objects.requireNonNull(value, "header value"));
      return this;
    }

    public Metadata build() {
      return new Metadata(this);
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("Metadata " + what + " must not be null or blank");
      }
      return value;
    }
  }
}
