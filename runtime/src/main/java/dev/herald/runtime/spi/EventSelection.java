package dev.herald.runtime.spi;

import dev.herald.annotations.EventNames;
import java.util.List;

/**
 * For transport implementations: which events a transport carries between processes, and which of
 * those this process consumes, from the patterns its builder was given ({@code carries("task:*")},
 * {@code consumes("room:#")}, {@code publishOnly()}). Immutable; the patterns are checked when
 * given, so that a typo fails at configuration, not as events that silently stay in the process.
 */
public final class EventSelection {

  private static final EventSelection DEFAULT = new EventSelection(List.of(), null);

  /** Patterns of the carried events; empty: every event outside Herald's own namespace. */
  private final List<String> carried;
  /** Patterns of the consumed events; null: every carried event. */
  private final List<String> consumed;

  private EventSelection(List<String> carried, List<String> consumed) {
    this.carried = carried;
    this.consumed = consumed;
  }

  /** Carries every event outside Herald's own {@code herald} namespace, and consumes them all. */
  public static EventSelection defaults() {
    return DEFAULT;
  }

  /**
   * The same, carrying the events these names or patterns match, e.g. {@code task:*}; none: the
   * default, every event outside the {@code herald} namespace.
   *
   * @throws IllegalArgumentException if a pattern is not a valid event-name pattern
   */
  public EventSelection carrying(String... patterns) {
    return new EventSelection(checked(patterns), consumed);
  }

  /**
   * The same, consuming of the carried events those these patterns match; none: publish only.
   *
   * @throws IllegalArgumentException if a pattern is not a valid event-name pattern
   */
  public EventSelection consuming(String... patterns) {
    return new EventSelection(carried, checked(patterns));
  }

  /** Whether events of this name travel over the transport. */
  public boolean carries(String eventName) {
    if (carried.isEmpty()) {
      return !EventNames.segments(eventName).get(0).equals("herald");
    }
    return matchesAny(carried, eventName);
  }

  /** Whether this process consumes a carried event of this name. */
  public boolean consumes(String eventName) {
    return consumed == null || matchesAny(consumed, eventName);
  }

  /** Whether neither the carried nor the consumed events were named: the defaults. */
  public boolean isDefault() {
    return carried.isEmpty() && consumed == null;
  }

  /** Whether this process consumes nothing: {@code consumes()} with no pattern. */
  public boolean publishOnly() {
    return consumed != null && consumed.isEmpty();
  }

  private static List<String> checked(String... patterns) {
    for (String pattern : patterns) {
      EventNames.requireValidPattern(pattern);
    }
    return List.of(patterns);
  }

  private static boolean matchesAny(List<String> patterns, String eventName) {
    for (String pattern : patterns) {
      if (EventNames.matches(pattern, eventName)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The patterns that differ from the defaults, e.g. {@code carries [job:*], consumes []}; empty
   * for the defaults.
   */
  @Override
  public String toString() {
    String carries = carried.isEmpty() ? "" : "carries " + carried;
    if (consumed == null) {
      return carries;
    }
    return (carries.isEmpty() ? "" : carries + ", ") + "consumes " + consumed;
  }
}
