package dev.herald.runtime.deadletter;

import dev.herald.annotations.EventNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which dead letters to list, count or purge, and which page of them. Every filter is optional;
 * {@link #all()} matches everything.
 *
 * <pre>{@code
 * store.list(DeadLetterQuery.all().type("task:*").since(yesterday).limit(50));
 * }</pre>
 *
 * @param typePattern an event name or pattern ({@code task:*}), or {@code null} for every type
 * @param subscriber a subscriber name, or {@code null} for every subscriber
 * @param since only letters whose last failure is at or after this instant, or {@code null}
 * @param offset how many matching letters to skip, oldest first
 * @param limit the most letters to return
 */
public record DeadLetterQuery(
    String typePattern, String subscriber, Instant since, int offset, int limit) {

  /** The page size when none is given. */
  public static final int DEFAULT_LIMIT = 100;

  /** Checks that paging is within bounds and that the type pattern is a valid name pattern. */
  public DeadLetterQuery {
    if (offset < 0) {
      throw new IllegalArgumentException("DeadLetterQuery offset must not be negative: " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("DeadLetterQuery limit must be at least 1: " + limit);
    }
    if (typePattern != null) {
      EventNames.requireValidPattern(typePattern);
    }
  }

  /** Every dead letter, first page. */
  public static DeadLetterQuery all() {
    return new DeadLetterQuery(null, null, null, 0, DEFAULT_LIMIT);
  }

  /** Only letters whose event name matches {@code pattern}, e.g. {@code task:*}; null: any. */
  public DeadLetterQuery type(String pattern) {
    return new DeadLetterQuery(pattern, subscriber, since, offset, limit);
  }

  /** Only letters of the subscriber named {@code name}; null: any. */
  public DeadLetterQuery subscriber(String name) {
    return new DeadLetterQuery(typePattern, name, since, offset, limit);
  }

  /** Only letters whose last failure is at or after {@code instant}; null: any time. */
  public DeadLetterQuery since(Instant instant) {
    return new DeadLetterQuery(typePattern, subscriber, instant, offset, limit);
  }

  /** Skips the first {@code skip} matching letters (the page's start). */
  public DeadLetterQuery offset(int skip) {
    return new DeadLetterQuery(typePattern, subscriber, since, skip, limit);
  }

  /** Returns at most {@code max} letters (the page's size, at least 1). */
  public DeadLetterQuery limit(int max) {
    return new DeadLetterQuery(typePattern, subscriber, since, offset, max);
  }

  /**
   * Whether {@code letter} passes the filters (paging aside): the one rule every store applies,
   * whatever it could already filter where the letters are kept.
   */
  public boolean matches(DeadLetter letter) {
    return matchesType(letter.envelope().type())
        && (subscriber == null || subscriber.equals(letter.subscriber()))
        && (since == null || !letter.lastFailure().isBefore(since));
  }

  /**
   * Whether a letter of the event named {@code eventType} passes the type filter. A store that
   * keeps the name beside the event can pass over a letter with it before decoding the event.
   */
  public boolean matchesType(String eventType) {
    return typePattern == null || EventNames.matches(typePattern, eventType);
  }

  /** An empty page of this query, for a store to fill with the letters that match it. */
  public Page newPage() {
    return new Page(offset, limit);
  }

  /**
   * The page of a {@link DeadLetterQuery} that a store fills as it reads: offered the matching
   * letters oldest first, it passes over the first {@code offset} and keeps up to {@code limit}.
   * One per listing; not thread-safe.
   *
   * <pre>{@code
   * DeadLetterQuery.Page page = query.newPage();
   * for (DeadLetter letter : oldestFirst) {
   *   if (query.matches(letter) && !page.offer(letter)) {
   *     break;
   *   }
   * }
   * return page.letters();
   * }</pre>
   */
  public static final class Page {

    private final int limit;
    private final List<DeadLetter> letters;
    private int toSkip;

    private Page(int offset, int limit) {
      this.limit = limit;
      this.letters = new ArrayList<>(Math.min(limit, 64));
      this.toSkip = offset;
    }

    /** Offers the next matching letter, oldest first; returns whether the page wants more. */
    public boolean offer(DeadLetter letter) {
      if (toSkip > 0) {
        toSkip--;
        return true;
      }
      letters.add(letter);
      return letters.size() < limit;
    }

    /** The letters kept so far, oldest first. */
    public List<DeadLetter> letters() {
      return letters;
    }
  }
}
