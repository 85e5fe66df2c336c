package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A map as a JSON object: {@code String} keys as they are ({@code enumKeys} null) or enum keys by
 * name. Decoded unmodifiable, in the document's order. A record so that the JIT trusts its final
 * fields and inlines through a codec constant into its value codec.
 */
record JsonMapCodec<K, V>(JsonEnumCodec<?> enumKeys, ValueCodec<V> value)
    implements ValueCodec<Map<K, V>> {

  @Override
  public void write(JsonGenerator generator, Map<K, V> map) throws IOException {
    if (map == null) {
      throw JsonErrors.nullNotAllowed(generator);
    }
    generator.writeStartObject(map, map.size());
    for (Map.Entry<K, V> entry : map.entrySet()) {
      K key = entry.getKey();
      if (key == null) {
        throw new NullPointerException(
            "Cannot encode a null map key at " + JsonPaths.ofMap(generator));
      }
      if (enumKeys == null) {
        generator.writeFieldName(checkedName(generator, (String) key));
      } else {
        generator.writeFieldName(enumName(key));
      }
      value.write(generator, entry.getValue());
    }
    generator.writeEndObject();
  }

  /**
   * {@code name}, unless it holds a lone surrogate (half of a UTF-16 pair): Jackson would write
   * one as an escape, but a JSON field name cannot carry it (decoders, Jackson's own, refuse it).
   */
  private static String checkedName(JsonGenerator generator, String name) {
    int lone = loneSurrogate(name);
    if (lone >= 0) {
      throw new IllegalArgumentException("Cannot encode the map key at "
          + JsonPaths.ofMap(generator) + ": it holds a lone surrogate (U+"
          + Integer.toHexString(name.charAt(lone)).toUpperCase(Locale.ROOT)
          + " at index " + lone + "), which a JSON field name cannot carry (decoders"
          + " refuse it); use well-formed UTF-16 keys");
    }
    return name;
  }

  /** The index of the first surrogate in {@code text} that is not half of a pair, or -1. */
  private static int loneSurrogate(String text) {
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

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SerializableString enumName(K key) {
    // Safe: enumKeys is the codec of K's enum type, by construction in JsonSupport.enumMap.
    return ((JsonEnumCodec) enumKeys).name((Enum) key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<K, V> read(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw JsonErrors.unexpected(parser, "an object");
    }
    Map<K, V> map = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      // Safe: K is String when enumKeys is null, else K is enumKeys' enum type.
      K key = enumKeys == null ? (K) name : (K) enumKeys.key(parser, name);
      parser.nextToken();
      map.put(key, value.read(parser));
    }
    return Collections.unmodifiableMap(map);
  }
}
