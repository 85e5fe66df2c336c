package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.internal.Excerpt;
import java.io.IOException;

/**
 * Primitive values and strings on the parser's current token, each refusing any other token
 * (null included) with the JSON path of the value. Generated code writes primitives with
 * {@link JsonGenerator#writeNumber} and {@link JsonGenerator#writeBoolean} directly.
 */
final class JsonScalars {

  private JsonScalars() {}

  static boolean readBoolean(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw JsonErrors.unexpected(parser, "a boolean");
  }

  static byte readByte(JsonParser parser) throws IOException {
    int value = readInt(parser);
    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
      throw JsonErrors.failure(parser, "the number " + value + " is out of range for a byte", null);
    }
    return (byte) value;
  }

  static short readShort(JsonParser parser) throws IOException {
    int value = readInt(parser);
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw JsonErrors.failure(parser, "the number " + value + " is out of range for a short",
          null);
    }
    return (short) value;
  }

  static int readInt(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw JsonErrors.unexpected(parser, "an integer");
    }
    return parser.getIntValue();
  }

  static long readLong(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw JsonErrors.unexpected(parser, "an integer");
    }
    return parser.getLongValue();
  }

  static float readFloat(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getFloatValue();
    }
    return (float) nonFinite(parser);
  }

  static double readDouble(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getDoubleValue();
    }
    return nonFinite(parser);
  }

  /** The strings Jackson writes for the floating-point values JSON numbers cannot hold. */
  private static double nonFinite(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      switch (parser.getText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          throw JsonErrors.failure(parser,
              "expected a number, found the string " + Excerpt.quote(parser.getText()), null);
      }
    }
    throw JsonErrors.unexpected(parser, "a number");
  }

  static char readChar(JsonParser parser) throws IOException {
    String text = readString(parser);
    if (text.length() != 1) {
      throw JsonErrors.failure(parser, "expected a single character, found a string of length "
          + text.length(), null);
    }
    return text.charAt(0);
  }

  static void writeChar(JsonGenerator generator, char value) throws IOException {
    generator.writeString(new char[] {value}, 0, 1);
  }

  static String readString(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw JsonErrors.unexpected(parser, "a string");
    }
    return parser.getText();
  }
}
