package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.util.Locale;

/**
 * The one rule for map keys and other field names that come from values: well-formed UTF-16. A
 * lone surrogate (half of a pair) in a name cannot travel: Jackson writes it as bytes that no
 * UTF-8 decoder accepts. Encoding refuses such a name with an {@link IllegalArgumentException} and
 * decoding (where it can only come from a {@code \u005CuD800} escape) with an
 * {@code EventDecodingException}, both with the same problem text.
 */
final class JsonKeys {

  /** The problem of a name with a lone surrogate, where its index is not known. */
  static final String PROBLEM = "holds a lone surrogate, which a JSON field name cannot carry; use"
      + " well-formed UTF-16 names";

  private JsonKeys() {}

  /** {@code name}, if well-formed; else the encoding failure for the map at the generator. */
  static String checked(JsonGenerator generator, String name) {
    int lone = loneSurrogate(name);
    if (lone >= 0) {
      throw new IllegalArgumentException("Cannot encode the map key at "
          + JsonPaths.ofMap(generator) + ": it " + problem(name, lone));
    }
    return name;
  }

  /** {@code name}, read as a field name, if well-formed; else the decoding failure. */
  static String checked(JsonParser parser, String name) {
    int lone = loneSurrogate(name);
    if (lone >= 0) {
      throw JsonErrors.failure(parser, "the field name " + problem(name, lone), null);
    }
    return name;
  }

  /** What is wrong with a name holding a lone surrogate at {@code index}. */
  static String problem(String name, int index) {
    return "holds a lone surrogate (U+"
        + Integer.toHexString(name.charAt(index)).toUpperCase(Locale.ROOT) + " at index " + index
        + "), which a JSON field name cannot carry; use well-formed UTF-16 names";
  }

  /** The index of the first surrogate in {@code text} that is not half of a pair, or -1. */
  static int loneSurrogate(String text) {
    for (int i = 0, length = text.length(); i < length; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
