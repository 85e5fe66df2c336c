package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.herald.runtime.internal.Excerpt;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An enum by {@link Enum#name() name}, as a value or as a map key; the names are pre-encoded and an
 * unknown name is an error listing the known ones.
 */
final class JsonEnumCodec<E extends Enum<E>> extends JsonScalarCodecs.Scalar<E> {

  private final Map<String, E> byName = new HashMap<>();
  private final SerializableString[] names;

  JsonEnumCodec(Class<E> type) {
    super("one of " + Arrays.toString(type.getEnumConstants()));
    E[] constants = type.getEnumConstants();
    names = new SerializableString[constants.length];
    for (E constant : constants) {
      byName.put(constant.name(), constant);
      names[constant.ordinal()] = new SerializedString(constant.name());
    }
  }

  @Override
  void writeNonNull(JsonGenerator generator, E value) throws IOException {
    generator.writeString(names[value.ordinal()]);
  }

  @Override
  E readNonNull(JsonParser parser) throws IOException {
    E constant = byName.get(JsonScalars.readString(parser));
    if (constant == null) {
      throw JsonErrors.failure(parser,
          "unknown constant " + Excerpt.quote(parser.getText()) + ", expected " + expected,
          null);
    }
    return constant;
  }

  /** A map key: the parser is on the field name. */
  E key(JsonParser parser, String name) {
    E constant = byName.get(name);
    if (constant == null) {
      throw JsonErrors.failure(
          parser, "unknown key " + Excerpt.quote(name) + ", expected " + expected, null);
    }
    return constant;
  }

  /** The pre-encoded name of {@code value}, for a map key. */
  SerializableString name(E value) {
    return names[value.ordinal()];
  }
}
