package dev.herald.processor.validation;

import java.util.regex.Pattern;

/** Turns Javadoc into the one-line description an event carries. */
public final class Javadocs {

  // Compiled once: String.replaceAll would compile each pattern again for every event.
  private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s+([^}]*)}");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Javadocs() {}

  /**
   * The first sentence of a doc comment, with inline tags such as <code>{&#64;code x}</code> reduced
   * to their text, HTML tags removed and whitespace collapsed; the empty string for {@code null}.
   */
  public static String firstSentence(String docComment) {
    if (docComment == null) {
      return "";
    }
    String text = docComment;
    int blockTag = indexOfBlockTag(text);
    if (blockTag >= 0) {
      text = text.substring(0, blockTag);
    }
    text = INLINE_TAG.matcher(text).replaceAll("$1");
    text = HTML_TAG.matcher(text).replaceAll("");
    text = WHITESPACE.matcher(text).replaceAll(" ").trim();
    int end = text.indexOf(". ");
    return end >= 0 ? text.substring(0, end + 1) : text;
  }

  private static int indexOfBlockTag(String text) {
    int at = 0;
    while ((at = text.indexOf('@', at)) >= 0) {
      int lineStart = text.lastIndexOf('\n', at) + 1;
      if (text.substring(lineStart, at).isBlank()) {
        return at;
      }
      at++;
    }
    return -1;
  }
}
