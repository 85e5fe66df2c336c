package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.internal.Excerpt;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a parser or generator is, as a JSON path: {@code $.guest.phones[2]}, with names that are
 * not Java identifiers quoted ({@code $['a b']}). Built only when something failed. Names come
 * from the document, so each is bounded and escaped ({@link Excerpt}), and the middle of a path
 * deeper than ten levels is elided ({@code $.a.b.c.d…[0].e.f.g.h.i}).
 */
final class JsonPaths {

  /** A deep path keeps this many levels from its start, and {@code TAIL + 1} from its end. */
  private static final int HEAD = 4;

  private static final int TAIL = 5;

  private JsonPaths() {}

  /** The path of the parser's current token. */
  static String of(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    JsonToken token = parser.currentToken();
    if (context != null && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
      // The parser has entered the value already; the value's own path is its parent's.
      context = context.getParent();
    }
    return of(context, false);
  }

  /** The path of the value the generator is about to write. */
  static String of(JsonGenerator generator) {
    return of(generator.getOutputContext(), true);
  }

  /** Inside a map being written: the map's own path, whichever key was written last. */
  static String ofMap(JsonGenerator generator) {
    JsonStreamContext map = generator.getOutputContext();
    return map.getParent() == null ? "$" : of(map.getParent(), false);
  }

  /** {@code path} followed by the field {@code name}. */
  static String append(String path, String name) {
    boolean plain = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0));
    for (int i = 1; plain && i < name.length(); i++) {
      plain = Character.isJavaIdentifierPart(name.charAt(i));
    }
    if (plain && name.length() <= Excerpt.MAX_CHARS) {
      return path + "." + name;
    }
    // A name from the document: bounded and escaped, as any excerpt of the input.
    String quoted = Excerpt.quote(name);
    return path + "['" + quoted.substring(1, quoted.lastIndexOf('"')).replace("'", "\\'") + "']";
  }

  /**
   * The path of {@code context}. When {@code writing}, an array's next element is the one in
   * question, not its last.
   */
  private static String of(JsonStreamContext context, boolean writing) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(c);
    }
    String path = "$";
    for (int i = chain.size() - 1; i >= 0; i--) {
      if (i == chain.size() - 1 - HEAD && i > TAIL) {
        // Deep inside: the middle of the path says little and could be long; elide it.
        path += "…";
        i = TAIL;
      }
      JsonStreamContext c = chain.get(i);
      if (c.inArray()) {
        path += "[" + (writing && c == context ? c.getEntryCount() : c.getCurrentIndex()) + "]";
      } else if (c.getCurrentName() != null) {
        path = append(path, c.getCurrentName());
      }
    }
    return path;
  }
}
