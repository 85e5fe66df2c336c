package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.internal.Excerpt;

/**
 * The exceptions of decoding (an {@link EventDecodingException} naming the JSON path and the
 * position of the token at fault) and of encoding a value that no decoder would accept.
 */
final class JsonErrors {

  private JsonErrors() {}

  /** A decoding failure at the parser's current token. */
  static EventDecodingException failure(JsonParser parser, String problem, Throwable cause) {
    return failureAt(parser, JsonPaths.of(parser), problem, cause);
  }

  private static EventDecodingException failureAt(
      JsonParser parser, String path, String problem, Throwable cause) {
    JsonLocation location = parser.currentToken() == null
        ? parser.currentLocation()
        : parser.currentTokenLocation();
    return new EventDecodingException(null, path, location.getLineNr(), location.getColumnNr(),
        location.getByteOffset(), problem, cause);
  }

  /** The current token is not what the component needs. */
  static EventDecodingException unexpected(JsonParser parser, String expected) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return failure(parser, "null is not allowed here, expected " + expected
          + " (only @Nullable and Optional components and elements accept null)", null);
    }
    return failure(parser, "expected " + expected + ", found " + describe(token), null);
  }

  /**
   * A required field is absent. Called at the end of the object, so the path is the object's plus
   * the field.
   */
  static EventDecodingException missing(JsonParser parser, String field) {
    return failureAt(parser, JsonPaths.append(JsonPaths.of(parser), field),
        "the required field '" + field + "' is missing", null);
  }

  /**
   * The record's constructor refused the decoded values. Its message may echo them, so it is
   * bounded like any excerpt of the input.
   */
  static EventDecodingException rejected(JsonParser parser, RuntimeException cause) {
    return failure(parser, "the record's constructor rejected the values: "
        + Excerpt.bounded(cause.toString(), 2 * Excerpt.MAX_CHARS), cause);
  }

  /** Encoding met {@code null} where the contract allows none. */
  static NullPointerException nullNotAllowed(JsonGenerator generator) {
    return new NullPointerException("Cannot encode null at " + JsonPaths.of(generator)
        + ": only @Nullable and Optional components and elements may be null");
  }

  /** A token as a message names it: "an object", "a string", "the end of the input". */
  static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the input";
    }
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a decimal number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.asString() == null ? token.name() : "'" + token.asString() + "'";
    }
  }

  /**
   * An exception's own message, without Jackson's location suffix, bounded: Jackson quotes tokens
   * of the input.
   */
  static String describe(Throwable e) {
    String message = e instanceof JsonProcessingException
        ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
    if (message == null) {
      return e.getClass().getName();
    }
    if (message.contains("surrogate") && message.contains("field name")) {
      // Jackson refuses a \u005CuD800 escape in a name itself: say it as encoding says it.
      return "the field name " + JsonKeys.PROBLEM;
    }
    return Excerpt.bounded(message, 3 * Excerpt.MAX_CHARS);
  }
}
