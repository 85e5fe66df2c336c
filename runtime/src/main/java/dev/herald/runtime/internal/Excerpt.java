package dev.herald.runtime.internal;

/**
 * Text that came from a document, made safe to put in an exception message: messages go to logs
 * and dead-letter records, so what an attacker sent is never copied whole. At most
 * {@value #MAX_CHARS} characters of the input are kept, control characters, quotes, backslashes
 * and lone surrogates are escaped ({@code \n}, {@code \"}, {@code \\}, {@code \u005CuD800}), and a
 * cut is marked with the full length.
 */
public final class Excerpt {

  /** How many characters of the input a message quotes at most. */
  public static final int MAX_CHARS = 100;

  private Excerpt() {}

  /** {@code text} quoted, bounded and escaped: {@code "abc"}, {@code "aaa…" (8000 chars)}. */
  public static String quote(CharSequence text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 24).append('"');
    appendEscaped(out, text, MAX_CHARS);
    out.append('"');
    if (text.length() > MAX_CHARS) {
      out.append(" (").append(text.length()).append(" chars)");
    }
    return out.toString();
  }

  /**
   * {@code text} without quotes, bounded to {@code max} characters and escaped as {@link #quote}
   * does; for messages that are not input but may echo it (a constructor's refusal, Jackson's).
   */
  public static String bounded(CharSequence text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 24);
    appendEscaped(out, text, max);
    return out.toString();
  }

  private static void appendEscaped(StringBuilder out, CharSequence text, int max) {
    int end = Math.min(text.length(), max);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !pairedAt(text, i))) {
        out.append(String.format("\\u%04X", (int) c));
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < end) {
          out.append(c).append(text.charAt(++i));
        } else {
          break; // do not split a pair at the cut
        }
      } else {
        out.append(c);
      }
    }
    if (text.length() > max) {
      out.append('…');
    }
  }

  /** Whether the surrogate at {@code i} is half of a well-formed pair. */
  private static boolean pairedAt(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
