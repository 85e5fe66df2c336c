package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import dev.herald.runtime.internal.Excerpt;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON: any JSON value as plain Java objects, without databind. See
 * {@link JsonSupport#FREE_FORM} for the mapping. One instance reads decimals as {@code Double},
 * the other as {@code BigDecimal}.
 */
final class JsonFreeForm implements ValueCodec<Object> {

  static final JsonFreeForm DOUBLES = new JsonFreeForm(false);
  static final JsonFreeForm BIG_DECIMALS = new JsonFreeForm(true);

  /**
   * How deep a value written may nest: far beyond any {@code JsonLimits} a reader would accept, and
   * shallow enough to refuse a map or list that contains itself before the stack runs out.
   */
  static final int MAX_WRITE_DEPTH = 500;

  /** The longest number a decoder reads, in characters: Jackson's default. */
  static final int MAX_NUMBER_CHARS = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

  /** Below this many bits a BigInteger has fewer than {@link #MAX_NUMBER_CHARS} digits. */
  private static final int MAX_NUMBER_BITS = 3300;

  private static final String CLASSES = "String, Boolean, Integer, Long, Short, Byte, BigInteger,"
      + " Double, Float, BigDecimal, a Map with String keys, a List, or null";

  private final boolean exactDecimals;

  private JsonFreeForm(boolean exactDecimals) {
    this.exactDecimals = exactDecimals;
  }

  // ---------------------------------------------------------------- writing

  @Override
  public void write(JsonGenerator generator, Object value) throws IOException {
    write(generator, value, 0);
  }

  private void write(JsonGenerator generator, Object value, int depth) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double number) {
      writeFinite(generator, number);
    } else if (value instanceof BigInteger number) {
      if (number.bitLength() > MAX_NUMBER_BITS) {
        checkLength(generator, number.toString());
      }
      generator.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      writeDecimal(generator, number);
    } else if (value instanceof Float number) {
      if (!Float.isFinite(number)) {
        throw notFinite(generator, number.toString());
      }
      generator.writeNumber(number);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(generator, map, depth + 1);
    } else if (value instanceof List<?> list) {
      writeArray(generator, list, depth + 1);
    } else {
      throw new IllegalArgumentException("Cannot encode the free-form value at "
          + JsonPaths.of(generator) + ": its class " + value.getClass().getName()
          + " is not one that free-form JSON maps; use " + CLASSES);
    }
  }

  private void writeDecimal(JsonGenerator generator, BigDecimal number) throws IOException {
    if (number.precision() > MAX_NUMBER_CHARS - 20) {
      checkLength(generator, number.toString());
    }
    if (!exactDecimals) {
      if (!Double.isFinite(number.doubleValue())) {
        // It would be written, then refused by this codec's reader.
        throw notFinite(generator, Excerpt.bounded(number.toString(), Excerpt.MAX_CHARS));
      }
      generator.writeNumber(number);
    } else if (number.scale() == 0) {
      // Written plain, 12 would read back as an Integer; 12E0 reads back as this BigDecimal.
      generator.writeNumber(number.toString() + "E0");
    } else {
      generator.writeNumber(number);
    }
  }

  private static void writeFinite(JsonGenerator generator, double number) throws IOException {
    if (!Double.isFinite(number)) {
      throw notFinite(generator, Double.toString(number));
    }
    generator.writeNumber(number);
  }

  private void writeObject(JsonGenerator generator, Map<?, ?> map, int depth)
      throws IOException {
    checkDepth(generator, depth);
    generator.writeStartObject(map, map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      if (key == null) {
        throw new NullPointerException("Cannot encode a null map key at "
            + JsonPaths.ofMap(generator));
      }
      if (!(key instanceof String name)) {
        throw new IllegalArgumentException("Cannot encode the free-form map at "
            + JsonPaths.ofMap(generator) + ": its key " + Excerpt.quote(key.toString())
            + " is a " + key.getClass().getName() + "; JSON object keys are strings, so use"
            + " String keys");
      }
      generator.writeFieldName(JsonKeys.checked(generator, name));
      write(generator, entry.getValue(), depth);
    }
    generator.writeEndObject();
  }

  private void writeArray(JsonGenerator generator, List<?> list, int depth)
      throws IOException {
    checkDepth(generator, depth);
    generator.writeStartArray(list, list.size());
    for (Object element : list) {
      write(generator, element, depth);
    }
    generator.writeEndArray();
  }

  private static void checkDepth(JsonGenerator generator, int depth) {
    if (depth > MAX_WRITE_DEPTH) {
      throw new IllegalArgumentException("Cannot encode the free-form value at "
          + JsonPaths.of(generator) + ": it nests deeper than " + MAX_WRITE_DEPTH
          + " levels; does a map or list contain itself?");
    }
  }

  /** Refuses a number longer than Jackson reads ({@link StreamReadConstraints}' default). */
  private static void checkLength(JsonGenerator generator, String number) {
    if (number.length() > MAX_NUMBER_CHARS) {
      throw new IllegalArgumentException("Cannot encode the free-form value at "
          + JsonPaths.of(generator) + ": the number has " + number.length() + " characters,"
          + " more than the " + MAX_NUMBER_CHARS + " a decoder reads");
    }
  }

  private static IllegalArgumentException notFinite(JsonGenerator generator, String number) {
    return new IllegalArgumentException("Cannot encode the free-form value at "
        + JsonPaths.of(generator) + ": " + notFiniteProblem(number));
  }

  /** The problem of a non-finite number, the same text for encoding and decoding. */
  static String notFiniteProblem(String number) {
    return "the number " + number + " has no finite double value; free-form numbers must be"
        + " finite (NaN and the infinities are not JSON numbers)";
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Object read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw JsonErrors.unexpected(parser, "a value");
    }
    switch (token) {
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return integer(parser);
      case VALUE_NUMBER_FLOAT:
        return exactDecimals ? parser.getDecimalValue() : finiteDouble(parser);
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_OBJECT:
        return readObject(parser);
      case START_ARRAY:
        return readArray(parser);
      default:
        throw JsonErrors.unexpected(parser, "a value");
    }
  }

  private static Object integer(JsonParser parser) throws IOException {
    switch (parser.getNumberType()) {
      case INT:
        return parser.getIntValue();
      case LONG:
        return parser.getLongValue();
      default:
        return parser.getBigIntegerValue();
    }
  }

  private static Double finiteDouble(JsonParser parser) throws IOException {
    double value = parser.getDoubleValue();
    if (!Double.isFinite(value)) {
      throw JsonErrors.failure(parser, notFiniteProblem(Excerpt.bounded(parser.getText(),
          Excerpt.MAX_CHARS)), null);
    }
    return value;
  }

  private Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = JsonKeys.checked(parser, parser.currentName());
      parser.nextToken();
      map.put(name, read(parser));
    }
    return map;
  }

  private List<Object> readArray(JsonParser parser) throws IOException {
    List<Object> list = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      list.add(read(parser));
    }
    return list;
  }
}
