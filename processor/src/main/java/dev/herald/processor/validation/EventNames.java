package dev.herald.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The grammar of event names and subscription patterns. A name is one or more segments of
 * {@code [a-z0-9_-]} joined by {@code :} or {@code .}; a pattern may also use {@code *} for exactly
 * one segment and {@code #} for zero or more. Both separators are equivalent when matching.
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
   * The Java constant for an event: the name upper-cased with separators and dashes as
   * underscores, plus {@code _V<version>} for versions above 1 ({@code message:received} v2 becomes
   * {@code MESSAGE_RECEIVED_V2}). Names starting with a digit get a leading underscore.
   */
  public static String constantName(String name, int version) {
    StringBuilder constant = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      constant.append(isNameChar(c) && c != '-' ? Character.toUpperCase(c) : '_');
    }
    if (Character.isDigit(constant.charAt(0))) {
      constant.insert(0, '_');
    }
    if (version > 1) {
      constant.append("_V").append(version);
    }
    return constant.toString();
  }

  static List<String> segments(String text) {
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
