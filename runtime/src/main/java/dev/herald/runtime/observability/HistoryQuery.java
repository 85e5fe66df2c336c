package dev.herald.runtime.observability;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import java.time.Instant;
import java.util.Objects;

/**
 * Which recent events to read from an {@link EventHistory}: all of them by default, newest first,
 * at most 100. Immutable; each method returns a narrower query.
 *
 * <pre>{@code
 * bus.history().query(HistoryQuery.all().correlationId("req-42"));     // one request's event flow
 * bus.history().query(HistoryQuery.all().pattern("task:*").limit(20));
 * }</pre>
 */
public final class HistoryQuery {

  private static final HistoryQuery ALL = new HistoryQuery("#", null, null, null, 100);

  private final String pattern;
  private final String correlationId;
  private final String tenantId;
  private final Instant since;
  private final int limit;

  private HistoryQuery(String pattern, String correlationId, String tenantId, Instant since,
      int limit) {
    this.pattern = pattern;
    this.correlationId = correlationId;
    this.tenantId = tenantId;
    this.since = since;
    this.limit = limit;
  }

  public static HistoryQuery all() {
    return ALL;
  }

  /** Events whose name matches {@code pattern}, e.g. {@code task:*} or {@code ai.#}. */
  public HistoryQuery pattern(String pattern) {
    return new HistoryQuery(EventNames.requireValidPattern(pattern), correlationId, tenantId,
        since, limit);
  }

  /** Events of one request's flow: those carrying this correlation id. */
  public HistoryQuery correlationId(String id) {
    return new HistoryQuery(pattern, Objects.requireNonNull(id, "correlationId"), tenantId, since,
        limit);
  }

  public HistoryQuery tenant(String tenant) {
    return new HistoryQuery(pattern, correlationId, Objects.requireNonNull(tenant, "tenant"), since,
        limit);
  }

  /** Events published at or after {@code time}. */
  public HistoryQuery since(Instant time) {
    return new HistoryQuery(pattern, correlationId, tenantId, Objects.requireNonNull(time, "since"),
        limit);
  }

  /** At most {@code max} entries, newest first. */
  public HistoryQuery limit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("A history limit must be at least 1, got " + max);
    }
    return new HistoryQuery(pattern, correlationId, tenantId, since, max);
  }

  public int limit() {
    return limit;
  }

  /** Whether an envelope passes every filter but the limit. */
  public boolean matches(Envelope<?> envelope) {
    return (correlationId == null || correlationId.equals(envelope.correlationId()))
        && (tenantId == null || tenantId.equals(envelope.tenantId()))
        && (since == null || !envelope.time().isBefore(since))
        && EventNames.matches(pattern, envelope.type());
  }

  @Override
  public String toString() {
    return "HistoryQuery[" + pattern + (correlationId == null ? "" : " correlation " + correlationId)
        + (tenantId == null ? "" : " tenant " + tenantId) + (since == null ? "" : " since " + since)
        + " limit " + limit + "]";
  }
}
