package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map as a JSON object: {@code String} keys as they are ({@code enumKeys} null) or enum keys by
 * name. Decoded unmodifiable, in the document's order. A {@code String} key must be well-formed
 * UTF-16, both ways ({@link JsonKeys}). A record so that the JIT trusts its final
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
        generator.writeFieldName(JsonKeys.checked(generator, (String) key));
      } else {
        generator.writeFieldName(enumName(key));
      }
      value.write(generator, entry.getValue());
    }
    generator.writeEndObject();
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
      String name = enumKeys == null
          ? JsonKeys.checked(parser, parser.currentName())
          : parser.currentName();
      // Safe: K is String when enumKeys is null, else K is enumKeys' enum type.
      K key = enumKeys == null ? (K) name : (K) enumKeys.key(parser, name);
      parser.nextToken();
      map.put(key, value.read(parser));
    }
    return Collections.unmodifiableMap(map);
  }
}
