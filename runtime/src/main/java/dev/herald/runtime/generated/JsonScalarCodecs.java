package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import dev.herald.runtime.internal.Excerpt;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The value codecs of single values: boxed primitives, strings, big numbers, base64 bytes, UUIDs
 * and {@code java.time} values. {@link JsonSupport} publishes each as a constant; see there for
 * the wire format of each.
 */
final class JsonScalarCodecs {

  private JsonScalarCodecs() {}

  /** A single value: {@code null} is refused on both sides, so subclasses see values only. */
  abstract static class Scalar<T> implements ValueCodec<T> {

    final String expected;

    Scalar(String expected) {
      this.expected = expected;
    }

    @Override
    public final void write(JsonGenerator generator, T value) throws IOException {
      if (value == null) {
        throw JsonErrors.nullNotAllowed(generator);
      }
      writeNonNull(generator, value);
    }

    @Override
    public final T read(JsonParser parser) throws IOException {
      return readNonNull(parser);
    }

    abstract void writeNonNull(JsonGenerator generator, T value) throws IOException;

    /** Throws {@link JsonErrors#unexpected} for any token it does not accept, null included. */
    abstract T readNonNull(JsonParser parser) throws IOException;
  }

  /** A value written as a string and parsed by a {@code java.*} parser. */
  private abstract static class Text<T> extends Scalar<T> {

    Text(String expected) {
      super(expected);
    }

    @Override
    final void writeNonNull(JsonGenerator generator, T value) throws IOException {
      generator.writeString(format(value));
    }

    @Override
    final T readNonNull(JsonParser parser) throws IOException {
      String text = JsonScalars.readString(parser);
      try {
        return parse(text);
      } catch (DateTimeException | IllegalArgumentException e) {
        throw JsonErrors.failure(
            parser, "expected " + expected + ", found " + Excerpt.quote(text), e);
      }
    }

    abstract String format(T value);

    abstract T parse(String text);
  }

  static final ValueCodec<String> STRING = new Scalar<>("a string") {
    @Override
    void writeNonNull(JsonGenerator generator, String value) throws IOException {
      generator.writeString(value);
    }

    @Override
    String readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readString(parser);
    }
  };

  static final ValueCodec<Boolean> BOOLEAN = new Scalar<>("a boolean") {
    @Override
    void writeNonNull(JsonGenerator generator, Boolean value) throws IOException {
      generator.writeBoolean(value);
    }

    @Override
    Boolean readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readBoolean(parser);
    }
  };

  static final ValueCodec<Character> CHARACTER = new Scalar<>("a single character") {
    @Override
    void writeNonNull(JsonGenerator generator, Character value) throws IOException {
      JsonScalars.writeChar(generator, value);
    }

    @Override
    Character readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readChar(parser);
    }
  };

  static final ValueCodec<Byte> BYTE = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Byte value) throws IOException {
      generator.writeNumber(value.shortValue());
    }

    @Override
    Byte readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readByte(parser);
    }
  };

  static final ValueCodec<Short> SHORT = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Short value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Short readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readShort(parser);
    }
  };

  static final ValueCodec<Integer> INTEGER = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Integer value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Integer readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readInt(parser);
    }
  };

  static final ValueCodec<Long> LONG = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Long value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Long readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readLong(parser);
    }
  };

  static final ValueCodec<Float> FLOAT = new Scalar<>("a number") {
    @Override
    void writeNonNull(JsonGenerator generator, Float value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Float readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readFloat(parser);
    }
  };

  static final ValueCodec<Double> DOUBLE = new Scalar<>("a number") {
    @Override
    void writeNonNull(JsonGenerator generator, Double value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Double readNonNull(JsonParser parser) throws IOException {
      return JsonScalars.readDouble(parser);
    }
  };

  static final ValueCodec<BigDecimal> BIG_DECIMAL = new Scalar<>("a number") {
    @Override
    void writeNonNull(JsonGenerator generator, BigDecimal value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    BigDecimal readNonNull(JsonParser parser) throws IOException {
      JsonToken token = parser.currentToken();
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        throw JsonErrors.unexpected(parser, "a number");
      }
      return parser.getDecimalValue();
    }
  };

  static final ValueCodec<BigInteger> BIG_INTEGER = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, BigInteger value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    BigInteger readNonNull(JsonParser parser) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw JsonErrors.unexpected(parser, "an integer");
      }
      return parser.getBigIntegerValue();
    }
  };

  static final ValueCodec<byte[]> BYTES = new Scalar<>("a base64 string") {
    @Override
    void writeNonNull(JsonGenerator generator, byte[] value) throws IOException {
      generator.writeBinary(value);
    }

    @Override
    byte[] readNonNull(JsonParser parser) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw JsonErrors.unexpected(parser, "a base64 string");
      }
      try {
        return parser.getBinaryValue();
      } catch (JsonProcessingException e) {
        throw JsonErrors.failure(parser, "expected a base64 string: " + e.getOriginalMessage(), e);
      }
    }
  };

  static final ValueCodec<UUID> UUID_CODEC = new Text<>("a UUID") {
    @Override
    String format(UUID value) {
      return value.toString();
    }

    @Override
    UUID parse(String text) {
      if (text.length() != 36 || text.charAt(8) != '-' || text.charAt(13) != '-'
          || text.charAt(18) != '-' || text.charAt(23) != '-') {
        throw new IllegalArgumentException("not in the form 8-4-4-4-12 hexadecimal digits");
      }
      return UUID.fromString(text);
    }
  };

  static final ValueCodec<Instant> INSTANT = new Scalar<>("an ISO-8601 instant") {
    @Override
    void writeNonNull(JsonGenerator generator, Instant value) throws IOException {
      IsoInstants.write(generator, value);
    }

    @Override
    Instant readNonNull(JsonParser parser) throws IOException {
      String text = JsonScalars.readString(parser);
      try {
        return IsoInstants.parse(text);
      } catch (DateTimeException e) {
        throw JsonErrors.failure(
            parser, "expected " + expected + ", found " + Excerpt.quote(text), e);
      }
    }
  };

  static final ValueCodec<LocalDate> LOCAL_DATE = new Text<>("an ISO-8601 date") {
    @Override
    String format(LocalDate value) {
      return value.toString();
    }

    @Override
    LocalDate parse(String text) {
      return LocalDate.parse(text);
    }
  };

  static final ValueCodec<LocalDateTime> LOCAL_DATE_TIME =
      new Text<>("an ISO-8601 local date-time") {
        @Override
        String format(LocalDateTime value) {
          return value.toString();
        }

        @Override
        LocalDateTime parse(String text) {
          return LocalDateTime.parse(text);
        }
      };

  static final ValueCodec<OffsetDateTime> OFFSET_DATE_TIME =
      new Text<>("an ISO-8601 date-time with offset") {
        @Override
        String format(OffsetDateTime value) {
          return value.toString();
        }

        @Override
        OffsetDateTime parse(String text) {
          return OffsetDateTime.parse(text);
        }
      };

  static final ValueCodec<Duration> DURATION = new Text<>("an ISO-8601 duration") {
    @Override
    String format(Duration value) {
      return value.toString();
    }

    @Override
    Duration parse(String text) {
      return Duration.parse(text);
    }
  };
}
