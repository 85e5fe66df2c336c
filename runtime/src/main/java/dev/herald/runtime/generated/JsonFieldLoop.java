package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.generated.JsonSupport.Fields;
import java.io.IOException;

/**
 * The loop of a generated record decoder: walk an object's fields, expecting declaration order
 * (what Herald writes) and matching it without building strings, look any other order up by name,
 * skip fields the record does not have, and check at the end that every required one was there.
 */
final class JsonFieldLoop {

  private JsonFieldLoop() {}

  static void startObject(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw JsonErrors.unexpected(parser, "an object");
    }
  }

  /** See {@link JsonSupport#nextField}. */
  static int nextField(JsonParser parser, Fields fields, int expected) throws IOException {
    JsonToken token;
    if (expected < fields.size()) {
      if (parser.nextFieldName(fields.name(expected))) {
        return expected;
      }
      token = parser.currentToken();
    } else {
      token = parser.nextToken();
    }
    return token == JsonToken.FIELD_NAME
        ? fields.indexOf(parser.currentName())
        : JsonSupport.END_OF_OBJECT;
  }

  /** See {@link JsonSupport#nextValue}. */
  static int nextValue(JsonParser parser, Fields fields, int expected) throws IOException {
    while (true) {
      int field = nextField(parser, fields, expected);
      if (field == JsonSupport.END_OF_OBJECT) {
        return JsonSupport.END_OF_OBJECT;
      }
      parser.nextToken();
      if (field != JsonSupport.UNKNOWN_FIELD) {
        return field;
      }
      parser.skipChildren();
    }
  }

  static void requireFields(JsonParser parser, Fields fields, long seen, long required) {
    if ((seen & required) != required) {
      throw missing(parser, fields, seen, required);
    }
  }

  /** The first field of {@code required} (a bit per field index) not in {@code seen}. */
  static EventDecodingException missing(
      JsonParser parser, Fields fields, long seen, long required) {
    int first = Long.numberOfTrailingZeros(required & ~seen);
    return JsonErrors.missing(parser, first < 64 ? fields.name(first).getValue() : "?");
  }
}
