package dev.herald.jdbc;

import dev.herald.annotations.EventNames;
import dev.herald.jdbc.OutboxEntry.State;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which outbox entries to {@linkplain Outbox#entries list} or {@linkplain Outbox#resubmit
 * resubmit}: by state, event name pattern and publish time, oldest first, at most {@code limit}.
 *
 * <pre>{@code
 * outbox.entries(OutboxQuery.failed().type("task:*"));
 * outbox.resubmit(OutboxQuery.failed().publishedBefore(deployTime));
 * }</pre>
 *
 * @param states the states to include, never empty
 * @param typePattern an event name pattern ({@code task:*}), or {@code null} for every type
 * @param publishedBefore only entries published before this instant, or {@code null}
 * @param limit at most this many entries
 */
public record OutboxQuery(Set<State> states, String typePattern, Instant publishedBefore,
    int limit) {

  /** The limit of a new query. */
  public static final int DEFAULT_LIMIT = 100;

  /** Checks the states, the pattern and the limit. */
  public OutboxQuery {
    Objects.requireNonNull(states, "states");
    if (states.isEmpty()) {
      throw new IllegalArgumentException("An outbox query needs at least one state");
    }
    states = Set.copyOf(states);
    if (typePattern != null) {
      EventNames.requireValidPattern(typePattern);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("An outbox query's limit must be at least 1, got "
          + limit);
    }
  }

  /** Entries not yet delivered: pending and failed. */
  public static OutboxQuery incomplete() {
    return new OutboxQuery(EnumSet.of(State.PENDING, State.FAILED), null, null, DEFAULT_LIMIT);
  }

  /** Entries whose every attempt failed. */
  public static OutboxQuery failed() {
    return new OutboxQuery(EnumSet.of(State.FAILED), null, null, DEFAULT_LIMIT);
  }

  /** Entries in any of {@code states}. */
  public static OutboxQuery in(State first, State... more) {
    return new OutboxQuery(EnumSet.of(first, more), null, null, DEFAULT_LIMIT);
  }

  /** Only events whose name matches {@code pattern}. */
  public OutboxQuery type(String pattern) {
    return new OutboxQuery(states, pattern, publishedBefore, limit);
  }

  /** Only entries published before {@code instant}. */
  public OutboxQuery publishedBefore(Instant instant) {
    return new OutboxQuery(states, typePattern, instant, limit);
  }

  /** At most {@code max} entries. */
  public OutboxQuery limit(int max) {
    return new OutboxQuery(states, typePattern, publishedBefore, max);
  }

  /** Whether an entry of {@code eventType} passes the type pattern. */
  boolean matchesType(String eventType) {
    return typePattern == null || EventNames.matches(typePattern, eventType);
  }
}
