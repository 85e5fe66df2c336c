package dev.herald.processor.validation;

/** Turns Javadoc into the one-line description an event carries. */
public final class Javadocs {

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
    text = text.replaceAll("\\{@\\w+\\s+([^}]*)}", "$1")
        .replaceAll("<[^>]+>", "")
        .replaceAll("\\s+", " ")
        .trim();
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
