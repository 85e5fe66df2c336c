package dev.herald.annotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The grammar of the names {@link Event} takes and the patterns {@link Subscribe} takes, shared by the
 * processor (which checks them at compile time) and the runtime (which matches them). A name is one or
 * more segments of {@code [a-z0-9_-]} joined by {@code :} or {@code .}; a pattern may also use
 * {@code *} for exactly one segment and {@code #} for zero or more. Both separators are equivalent
 * when matching: {@code task.*} matches {@code task:created}.
 */
public final class EventNames {

  private EventNames() {}

  /** Why {@code name} is not a valid event name, or empty when it is. */
  public static Optional<String> nameProblem(String name) {
    return problem(name, false);
  }

  /** Why {@code pattern} is not a valid pattern, or empty when it is. */
  public static Optional<String> patternProblem(String pattern) {
    return problem(pattern, true);
  }

  private static Optional<String> problem(String text, boolean pattern) {
    if (text.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (isSeparator(text.charAt(0)) || isSeparator(text.charAt(text.length() - 1))) {
      return Optional.of("it starts or ends with a separator");
    }
    for (String segment : segments(text)) {
      if (segment.isEmpty()) {
        return Optional.of("it has an empty segment (two separators in a row)");
      }
      if (pattern && (segment.equals("*") || segment.equals("#"))) {
        continue;
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (!isNameChar(c)) {
          return Optional.of(describeBadChar(segment, c, pattern));
        }
      }
    }
    return Optional.empty();
  }

  private static String describeBadChar(String segment, char c, boolean pattern) {
    if (c == '*' || c == '#') {
      return pattern
          ? "segment '" + segment + "' mixes '" + c + "' with other characters; a wildcard is a whole"
              + " segment"
          : "'" + c + "' is a wildcard, allowed in patterns only";
    }
    if (Character.isUpperCase(c)) {
      return "segment '" + segment + "' has the upper-case letter '" + c + "'; write '"
          + segment.toLowerCase(Locale.ROOT) + "'";
    }
    return "segment '" + segment + "' has the character '" + c + "', outside [a-z0-9_-]";
  }

  /** Whether {@code pattern} (valid) matches {@code name} (valid). */
  public static boolean matches(String pattern, String name) {
    return matches(segments(pattern), 0, segments(name), 0);
  }

  private static boolean matches(List<String> pattern, int p, List<String> name, int n) {
    while (p < pattern.size()) {
      String segment = pattern.get(p);
      if (segment.equals("#")) {
        for (int skip = n; skip <= name.size(); skip++) {
          if (matches(pattern, p + 1, name, skip)) {
            return true;
          }
        }
        return false;
      }
      if (n == name.size() || !(segment.equals("*") || segment.equals(name.get(n)))) {
        return false;
      }
      p++;
      n++;
    }
    return n == name.size();
  }

  /**
   * Throws {@link IllegalArgumentException} naming the problem if {@code pattern} is invalid.
   *
   * @return the pattern
   */
  public static String requireValidPattern(String pattern) {
    patternProblem(pattern).ifPresent(problem -> {
      throw new IllegalArgumentException("Invalid event pattern \"" + pattern + "\": " + problem
          + ". A pattern is segments of [a-z0-9_-], '*' (one segment) or '#' (zero or more)"
          + " joined by ':' or '.', for example \"task:*\"");
    });
    return pattern;
  }

  /** The segments of a name or pattern, in order. */
  public static List<String> segments(String text) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || isSeparator(text.charAt(i))) {
        segments.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return segments;
  }

  private static boolean isSeparator(char c) {
    return c == ':' || c == '.';
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }
}
