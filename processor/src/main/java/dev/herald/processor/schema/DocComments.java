package dev.herald.processor.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a record's Javadoc for its schema: the main description, and the {@code @param} text of
 * each component. Inline tags are reduced to their text, HTML tags removed, whitespace collapsed.
 */
final class DocComments {

  private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@");
  private static final Pattern PARAM =
      Pattern.compile("(?s)@param\\s+(\\w+)\\s+(.*?)(?=(?m:^\\s*@)|\\z)");
  private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s+([^}]*)}");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private DocComments() {}

  /** The text before the first block tag; the empty string for {@code null}. */
  static String description(String docComment) {
    if (docComment == null) {
      return "";
    }
    Matcher tag = BLOCK_TAG.matcher(docComment);
    return plain(tag.find() ? docComment.substring(0, tag.start()) : docComment);
  }

  /** The text of each {@code @param} tag, by component name, in the order written. */
  static Map<String, String> params(String docComment) {
    Map<String, String> params = new LinkedHashMap<>();
    if (docComment != null) {
      Matcher param = PARAM.matcher(docComment);
      while (param.find()) {
        params.put(param.group(1), plain(param.group(2)));
      }
    }
    return params;
  }

  private static String plain(String text) {
    // Patterns compiled once: a compilation may describe thousands of records and components.
    String withoutInlineTags = INLINE_TAG.matcher(text).replaceAll("$1");
    String withoutHtml = HTML_TAG.matcher(withoutInlineTags).replaceAll("");
    return WHITESPACE.matcher(withoutHtml).replaceAll(" ").trim();
  }
}
