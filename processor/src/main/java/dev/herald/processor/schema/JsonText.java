package dev.herald.processor.schema;

import java.util.List;
import java.util.Map;

/**
 * Renders a tree of {@code Map<String, ?>} (in its iteration order), {@code List<?>},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null} as indented JSON. The processor
 * has no JSON library on its path, and the documents it writes are small trees built in memory.
 */
final class JsonText {

  private static final String INDENT = "  ";

  private JsonText() {}

  /** The tree as JSON, two spaces per level, ending with a line feed. */
  static String render(Object tree) {
    StringBuilder out = new StringBuilder(4096);
    write(out, tree, 0);
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      quote(out, text);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(out, map, depth);
    } else if (value instanceof List<?> list) {
      writeArray(out, list, depth);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      out.append("{ }");
      return;
    }
    out.append('{');
    String separator = "\n";
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.append(separator);
      indent(out, depth + 1);
      quote(out, (String) entry.getKey());
      out.append(": ");
      write(out, entry.getValue(), depth + 1);
      separator = ",\n";
    }
    out.append('\n');
    indent(out, depth);
    out.append('}');
  }

  private static void writeArray(StringBuilder out, List<?> list, int depth) {
    if (list.stream().allMatch(JsonText::isScalar)) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(out, list.get(i), depth);
      }
      out.append(']');
      return;
    }
    out.append('[');
    String separator = "\n";
    for (Object element : list) {
      out.append(separator);
      indent(out, depth + 1);
      write(out, element, depth + 1);
      separator = ",\n";
    }
    out.append('\n');
    indent(out, depth);
    out.append(']');
  }

  private static boolean isScalar(Object value) {
    return !(value instanceof Map<?, ?>) && !(value instanceof List<?>);
  }

  private static void indent(StringBuilder out, int depth) {
    out.append(INDENT.repeat(depth));
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    if (isPlain(text)) {
      out.append(text).append('"'); // most names and descriptions: nothing to escape
      return;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !isPaired(text, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the surrogate at {@code i} is half of a pair, which may be written as it is. */
  private static boolean isPaired(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
