package dev.herald.runtime.store;

import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import java.time.Instant;

/**
 * Which stored events to read or replay, in append order. Every filter is optional;
 * {@link #all()} matches everything.
 *
 * <pre>{@code
 * store.read(EventQuery.all().type("task:*").between(monday, tuesday));
 * store.read(EventQuery.all().correlationId("req-1"));     // the flow of one request
 * }</pre>
 *
 * @param typePattern an event name or pattern, or {@code null} for every type
 * @param from only events at or after this time, or {@code null}
 * @param until only events before this time, or {@code null}
 * @param correlationId only events of this correlation, or {@code null}
 * @param afterPosition only events appended after this store position (0 for the start)
 * @param limit the most events to return
 */
public record EventQuery(String typePattern, Instant from, Instant until, String correlationId,
    long afterPosition, int limit) {

  /** The page size when none is given. */
  public static final int DEFAULT_LIMIT = 1000;

  public EventQuery {
    if (typePattern != null) {
      EventNames.requireValidPattern(typePattern);
    }
    if (afterPosition < 0) {
      throw new IllegalArgumentException("afterPosition must not be negative: " + afterPosition);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    if (from != null && until != null && until.isBefore(from)) {
      throw new IllegalArgumentException("until " + until + " is before from " + from);
    }
  }

  public static EventQuery all() {
    return new EventQuery(null, null, null, null, 0, DEFAULT_LIMIT);
  }

  public EventQuery type(String pattern) {
    return new EventQuery(pattern, from, until, correlationId, afterPosition, limit);
  }

  /** Events with {@code from <= time < until}; either bound may be null. */
  public EventQuery between(Instant fromInclusive, Instant untilExclusive) {
    return new EventQuery(typePattern, fromInclusive, untilExclusive, correlationId, afterPosition,
        limit);
  }

  public EventQuery correlationId(String id) {
    return new EventQuery(typePattern, from, until, id, afterPosition, limit);
  }

  /** For paging: the events after the last one of the previous page. */
  public EventQuery afterPosition(long position) {
    return new EventQuery(typePattern, from, until, correlationId, position, limit);
  }

  public EventQuery limit(int max) {
    return new EventQuery(typePattern, from, until, correlationId, afterPosition, max);
  }

  /** Whether {@code envelope} passes the filters (position and paging aside). */
  public boolean matches(Envelope<?> envelope) {
    return (typePattern == null || EventNames.matches(typePattern, envelope.type()))
        && (from == null || !envelope.time().isBefore(from))
        && (until == null || envelope.time().isBefore(until))
        && (correlationId == null || correlationId.equals(envelope.correlationId()));
  }
}
