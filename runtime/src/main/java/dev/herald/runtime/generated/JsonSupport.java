package dev.herald.runtime.generated;


import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What generated {@link JsonCodec}s run on: whole-document encoding and decoding, and a small algebra
 * of {@linkplain ValueCodec value codecs} (scalars, enums, records, collections, maps, optionals,
 * nullable values, the databind fallback) that generated code composes into constants, so that a
 * generated codec stays short and each component is one call.
 *
 * <p><b>Wire format.</b> Strings, {@code char} (a one-character string), numbers and booleans as
 * JSON; enums by {@link Enum#name() name}; {@code BigDecimal} and {@code BigInteger} as JSON numbers;
 * {@code UUID} and {@code java.time} values as ISO-8601 strings; {@code byte[]} as base64; an
 * {@code Optional} as its value or {@code null}; collections as arrays; maps as objects.
 *
 * <p><b>Decoding.</b> Every problem, including Jackson's own (malformed JSON, a number too large, a
 * {@link JsonLimits limit} exceeded), is reported as an {@link EventDecodingException} that names the
 * field as a JSON path ({@code $.guest.phones[2]}) and the position in the document. Decoded
 * collections and maps are unmodifiable and keep the document's order. Limits are enforced by
 * Jackson's {@link StreamReadConstraints}; one {@link JsonFactory} is kept per distinct
 * {@code JsonLimits}. Numbers are limited to Jackson's default of 1000 digits.
 *
 * <p><b>Encoding.</b> A {@code null} in a component or element that is not {@code @Nullable} is a
 * bug in the code that built the value; encoding refuses it with a {@link NullPointerException}
 * naming the path, instead of writing a document that no decoder would accept. For the same reason
 * a {@code String} map key holding a lone surrogate (half of a UTF-16 pair) is refused with an
 * {@link IllegalArgumentException}: JSON field names cannot carry one. (String values can: they
 * are written as a six-character escape and read back.)
 *
 * <p>This class is the contract between generated code and the runtime, not an API for users.
 */
public final class JsonSupport {

  /** {@link #nextField} found the end of the object. */
  public static final int END_OF_OBJECT = -2;

  /** {@link #nextField} found a field the record does not have; skip its value. */
  public static final int UNKNOWN_FIELD = -1;

  private static final JsonFactory DEFAULT_FACTORY = newFactory(JsonLimits.defaults());
  private static final JsonFactory WRITE_FACTORY = JsonFactory.builder()
      // Characters outside the BMP as four UTF-8 bytes, not as two escaped surrogates.
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();
  private static final Map<JsonLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

  /** What a {@code @Sensitive} component is rendered as by {@link JsonCodec#writeRedacted}. */
  public static final String REDACTED = "***";

  private static final SerializedString REDACTED_STRING = new SerializedString(REDACTED);

  private JsonSupport() {}

  // ------------------------------------------------------------------------------------------
  // Documents

  /** Encodes {@code value} with {@code codec} as UTF-8 JSON, on Jackson's pooled buffers. */
  public static <T> byte[] toBytes(JsonCodec<T> codec, T value) {
    return encode(codec, value, false);
  }

  /**
   * Encodes {@code value} with {@link JsonCodec#writeRedacted}: its {@code @Sensitive} components,
   * at any depth, are {@link #REDACTED}. For rendering payloads to people, never for the wire.
   */
  public static <T> byte[] toRedactedBytes(JsonCodec<T> codec, T value) {
    return encode(codec, value, true);
  }

  private static <T> byte[] encode(JsonCodec<T> codec, T value, boolean redacted) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(value, "value");
    Output output = new Output();
    try (JsonGenerator generator = WRITE_FACTORY.createGenerator(output, JsonEncoding.UTF8)) {
      if (redacted) {
        codec.writeRedacted(generator, value);
      } else {
        codec.write(generator, value);
      }
    } catch (IOException e) {
      // Nothing does I/O here: Jackson reports invalid generator use (a bug) as an IOException.
      throw new UncheckedIOException("Herald could not encode " + value.getClass().getName(), e);
    }
    return output.toByteArray();
  }

  /**
   * Where a generator writes a document. The generator fills its own pooled buffer and hands it
   * over when closed, in one call for any document shorter than that buffer (8000 bytes): this
   * copies it once into the result, instead of into a builder and again out of it.
   */
  private static final class Output extends OutputStream {
    private byte[] single;
    private ByteArrayBuilder several;

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (several == null) {
        if (single == null) {
          single = Arrays.copyOfRange(bytes, offset, offset + length);
          return;
        }
        several = new ByteArrayBuilder(single.length + length);
        several.write(single);
        single = null;
      }
      several.write(bytes, offset, length);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    byte[] toByteArray() {
      if (several != null) {
        return several.toByteArray();
      }
      return single != null ? single : new byte[0];
    }
  }

  /**
   * Decodes one document with {@code codec} within {@code limits}. The document must hold exactly
   * one value; anything after it is an error.
   *
   * @throws EventDecodingException whatever is wrong with the document; never a Jackson exception,
   *     never a half-built value
   */
  public static <T> T fromBytes(JsonCodec<T> codec, byte[] json, JsonLimits limits) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(limits, "limits");
    JsonFactory factory = factory(limits);
    JsonParser parser;
    try {
      parser = factory.createParser(json);
    } catch (IOException e) {
      throw new EventDecodingException(null, "$", -1, -1, -1, describe(e), e);
    }
    // Not try-with-resources: the catch clauses read the parser's position, so close it last.
    try {
      if (parser.nextToken() == null) {
        throw failure(parser, "the document is empty");
      }
      T value = codec.read(parser);
      if (parser.nextToken() != null) {
        throw failure(parser, "unexpected content after the end of the document: "
            + describe(parser.currentToken()));
      }
      return value;
    } catch (EventDecodingException e) {
      throw e;
    } catch (InputCoercionException e) {
      // A number too large for its type: point at the number, not past it.
      throw failure(parser, describe(e), e);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
      throw new EventDecodingException(null, path(parser), location.getLineNr(),
          location.getColumnNr(), location.getByteOffset(), describe(e), e);
    } catch (IOException | RuntimeException e) {
      throw failure(parser, describe(e), e);
    } finally {
      close(parser);
    }
  }

  private static void close(JsonParser parser) {
    try {
      parser.close();
    } catch (IOException e) {
      // Reading from a byte array: there is nothing to release that could fail.
    }
  }

  private static JsonFactory factory(JsonLimits limits) {
    if (limits.equals(JsonLimits.defaults())) {
      return DEFAULT_FACTORY;
    }
    return FACTORIES.computeIfAbsent(limits, JsonSupport::newFactory);
  }

  private static JsonFactory newFactory(JsonLimits limits) {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(limits.maxDocumentBytes())
            .maxNestingDepth(limits.maxDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNameLength(limits.maxStringLength())
            .build())
        .build();
  }

  // ------------------------------------------------------------------------------------------
  // Objects, for generated record codecs

  /** Checks that the current token starts an object. */
  public static void startObject(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw unexpected(parser, "an object");
    }
  }

  /**
   * The field names of one record's codec, in declaration order: pre-encoded for writing and for
   * matching without building strings, and indexed for fields that arrive in another order.
   */
  public static final class Fields {
    private final SerializableString[] names;
    private final Map<String, Integer> indexes;

    private Fields(String[] names) {
      this.names = new SerializableString[names.length];
      Map<String, Integer> indexes = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        this.names[i] = new SerializedString(names[i]);
        indexes.put(names[i], i);
      }
      this.indexes = Map.copyOf(indexes);
    }

    /** The pre-encoded name of field {@code index}, for {@link JsonGenerator#writeFieldName}. */
    public SerializableString name(int index) {
      return names[index];
    }

    int indexOf(String name) {
      Integer index = indexes.get(name);
      return index == null ? UNKNOWN_FIELD : index;
    }
  }

  /** The field names of a record's components, in declaration order. */
  public static Fields fields(String... names) {
    return new Fields(names);
  }

  /**
   * Moves to the next field of the current object. Documents Herald wrote list the fields in
   * declaration order, so this first tries field {@code expected} without building a string.
   *
   * @return the index of the next field, {@link #UNKNOWN_FIELD} if the record has no such field,
   *     {@link #END_OF_OBJECT} at the end of the object. The parser is left on the field name; its
   *     value is the next token.
   */
  public static int nextField(JsonParser parser, Fields fields, int expected) throws IOException {
    JsonToken token;
    if (expected < fields.names.length) {
      if (parser.nextFieldName(fields.names[expected])) {
        return expected;
      }
      token = parser.currentToken();
    } else {
      token = parser.nextToken();
    }
    return token == JsonToken.FIELD_NAME ? fields.indexOf(parser.currentName()) : END_OF_OBJECT;
  }

  /**
   * Moves to the value of the next field the record has, skipping fields it does not have (from a
   * newer or another producer). Tries field {@code expected} first, as {@link #nextField} does.
   *
   * @return the index of the field, the parser on the first token of its value; or
   *     {@link #END_OF_OBJECT} (negative) at the end of the object
   */
  public static int nextValue(JsonParser parser, Fields fields, int expected) throws IOException {
    while (true) {
      int field = nextField(parser, fields, expected);
      if (field == END_OF_OBJECT) {
        return END_OF_OBJECT;
      }
      parser.nextToken();
      if (field != UNKNOWN_FIELD) {
        return field;
      }
      parser.skipChildren();
    }
  }

  /**
   * Checks, at the end of an object, that every field of {@code required} (a bit per field index)
   * is in {@code seen}.
   */
  public static void requireFields(JsonParser parser, Fields fields, long seen, long required) {
    if ((seen & required) != required) {
      throw missing(parser, fields, seen, required);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Primitives: generated code writes them with JsonGenerator.writeNumber/writeBoolean

  public static boolean readBoolean(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw unexpected(parser, "a boolean");
  }

  public static byte readByte(JsonParser parser) throws IOException {
    int value = readInt(parser);
    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
      throw failure(parser, "the number " + value + " is out of range for a byte");
    }
    return (byte) value;
  }

  public static short readShort(JsonParser parser) throws IOException {
    int value = readInt(parser);
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw failure(parser, "the number " + value + " is out of range for a short");
    }
    return (short) value;
  }

  public static int readInt(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw unexpected(parser, "an integer");
    }
    return parser.getIntValue();
  }

  public static long readLong(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw unexpected(parser, "an integer");
    }
    return parser.getLongValue();
  }

  /** A number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public static float readFloat(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getFloatValue();
    }
    return (float) nonFinite(parser);
  }

  /** A number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public static double readDouble(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getDoubleValue();
    }
    return nonFinite(parser);
  }

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
          throw failure(parser, "expected a number, found the string \"" + parser.getText() + "\"");
      }
    }
    throw unexpected(parser, "a number");
  }

  public static char readChar(JsonParser parser) throws IOException {
    String text = readString(parser);
    if (text.length() != 1) {
      throw failure(parser, "expected a single character, found a string of length "
          + text.length());
    }
    return text.charAt(0);
  }

  public static void writeChar(JsonGenerator generator, char value) throws IOException {
    generator.writeString(new char[] {value}, 0, 1);
  }

  /**
   * Writes {@link #REDACTED} in place of a {@code @Sensitive} component's value, whatever that
   * value is ({@code null} included): a redacted rendering does not tell whether it was set.
   */
  public static void writeRedaction(JsonGenerator generator) throws IOException {
    generator.writeString(REDACTED_STRING);
  }

  private static String readString(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw unexpected(parser, "a string");
    }
    return parser.getText();
  }

  // ------------------------------------------------------------------------------------------
  // Value codecs

  /**
   * Writes and reads one kind of value inside a record: a component's value, a collection's
   * element, a map's value. Unless wrapped in {@link #nullable}, a value codec refuses {@code null}
   * both ways.
   *
   * @param <T> the Java type
   */
  public interface ValueCodec<T> {

    void write(JsonGenerator generator, T value) throws IOException;

    /** Reads the value whose first token is the parser's current token, leaving it on the last. */
    T read(JsonParser parser) throws IOException;

    /**
     * Writes as {@link #write} does, with the {@code @Sensitive} components of the records inside
     * redacted ({@link JsonCodec#writeRedacted}). Scalars have none: the default writes the value.
     */
    default void writeRedacted(JsonGenerator generator, T value) throws IOException {
      write(generator, value);
    }
  }

  public static final ValueCodec<String> STRING = new Scalar<>("a string") {
    @Override
    void writeNonNull(JsonGenerator generator, String value) throws IOException {
      generator.writeString(value);
    }

    @Override
    String readNonNull(JsonParser parser) throws IOException {
      return readString(parser);
    }
  };

  public static final ValueCodec<Boolean> BOOLEAN = new Scalar<>("a boolean") {
    @Override
    void writeNonNull(JsonGenerator generator, Boolean value) throws IOException {
      generator.writeBoolean(value);
    }

    @Override
    Boolean readNonNull(JsonParser parser) throws IOException {
      return readBoolean(parser);
    }
  };

  public static final ValueCodec<Character> CHARACTER = new Scalar<>("a single character") {
    @Override
    void writeNonNull(JsonGenerator generator, Character value) throws IOException {
      writeChar(generator, value);
    }

    @Override
    Character readNonNull(JsonParser parser) throws IOException {
      return readChar(parser);
    }
  };

  public static final ValueCodec<Byte> BYTE = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Byte value) throws IOException {
      generator.writeNumber(value.shortValue());
    }

    @Override
    Byte readNonNull(JsonParser parser) throws IOException {
      return readByte(parser);
    }
  };

  public static final ValueCodec<Short> SHORT = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Short value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Short readNonNull(JsonParser parser) throws IOException {
      return readShort(parser);
    }
  };

  public static final ValueCodec<Integer> INTEGER = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Integer value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Integer readNonNull(JsonParser parser) throws IOException {
      return readInt(parser);
    }
  };

  public static final ValueCodec<Long> LONG = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, Long value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Long readNonNull(JsonParser parser) throws IOException {
      return readLong(parser);
    }
  };

  public static final ValueCodec<Float> FLOAT = new Scalar<>("a number") {
    @Override
    void writeNonNull(JsonGenerator generator, Float value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Float readNonNull(JsonParser parser) throws IOException {
      return readFloat(parser);
    }
  };

  public static final ValueCodec<Double> DOUBLE = new Scalar<>("a number") {
    @Override
    void writeNonNull(JsonGenerator generator, Double value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    Double readNonNull(JsonParser parser) throws IOException {
      return readDouble(parser);
    }
  };

  public static final ValueCodec<BigDecimal> BIG_DECIMAL = new Scalar<>("a number") {
    @Override
    void writeNonNull(JsonGenerator generator, BigDecimal value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    BigDecimal readNonNull(JsonParser parser) throws IOException {
      JsonToken token = parser.currentToken();
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        throw unexpected(parser, "a number");
      }
      return parser.getDecimalValue();
    }
  };

  public static final ValueCodec<BigInteger> BIG_INTEGER = new Scalar<>("an integer") {
    @Override
    void writeNonNull(JsonGenerator generator, BigInteger value) throws IOException {
      generator.writeNumber(value);
    }

    @Override
    BigInteger readNonNull(JsonParser parser) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw unexpected(parser, "an integer");
      }
      return parser.getBigIntegerValue();
    }
  };

  /** Base64, as Jackson writes it by default (MIME without line feeds). */
  public static final ValueCodec<byte[]> BYTES = new Scalar<>("a base64 string") {
    @Override
    void writeNonNull(JsonGenerator generator, byte[] value) throws IOException {
      generator.writeBinary(value);
    }

    @Override
    byte[] readNonNull(JsonParser parser) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw unexpected(parser, "a base64 string");
      }
      try {
        return parser.getBinaryValue();
      } catch (JsonProcessingException e) {
        throw failure(parser, "expected a base64 string: " + e.getOriginalMessage(), e);
      }
    }
  };

  /** The canonical 36-character form, {@code 123e4567-e89b-12d3-a456-426614174000}. */
  public static final ValueCodec<UUID> UUID_CODEC = new Text<>("a UUID") {
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

  /**
   * ISO-8601 in UTC, exactly as {@link Instant#toString()}: {@code 2024-05-01T12:30:00.123Z}; reads
   * what {@link Instant#parse} reads. See {@link #writeInstant} and {@link #parseInstant}.
   */
  public static final ValueCodec<Instant> INSTANT = new Scalar<>("an ISO-8601 instant") {
    @Override
    void writeNonNull(JsonGenerator generator, Instant value) throws IOException {
      writeInstant(generator, value);
    }

    @Override
    Instant readNonNull(JsonParser parser) throws IOException {
      String text = readString(parser);
      try {
        return parseInstant(text);
      } catch (DateTimeException e) {
        throw failure(parser, "expected " + expected + ", found \"" + text + "\"", e);
      }
    }
  };

  // ------------------------------------------------------------------------------------------
  // Instants without java.time's general-purpose formatter and parser

  /**
   * Writes {@code value} as a JSON string, the same text as {@link Instant#toString()}, without
   * building a {@code String}: years 0000 to 9999 are formatted here, others by
   * {@code toString()}.
   */
  public static void writeInstant(JsonGenerator generator, Instant value) throws IOException {
    long seconds = value.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400L);
    if (days < MIN_FAST_DAY || days > MAX_FAST_DAY) {
      generator.writeString(value.toString());
      return;
    }
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date
    // Algorithms"), in eras of 400 years that start on March 1st.
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    int dayOfEra = (int) (z - era * 146_097L);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    char[] text = new char[30];
    digits(text, 0, year / 100);
    digits(text, 2, year % 100);
    text[4] = '-';
    digits(text, 5, month);
    text[7] = '-';
    digits(text, 8, day);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60);
    int length = 19;
    int nanos = value.getNano();
    if (nanos != 0) {
      text[length++] = '.';
      int groups = nanos % 1_000_000 == 0 ? 1 : nanos % 1000 == 0 ? 2 : 3;
      int fraction = groups == 1 ? nanos / 1_000_000 : groups == 2 ? nanos / 1000 : nanos;
      int end = length + 3 * groups;
      for (int i = end - 1; i >= length; i--) {
        text[i] = (char) ('0' + fraction % 10);
        fraction /= 10;
      }
      length = end;
    }
    text[length++] = 'Z';
    generator.writeString(text, 0, length);
  }

  /** 0000-01-01 and 9999-12-31, in days since 1970-01-01. */
  private static final long MIN_FAST_DAY = -719_528L;
  private static final long MAX_FAST_DAY = 2_932_896L;

  private static void digits(char[] text, int at, int twoDigits) {
    text[at] = (char) ('0' + twoDigits / 10);
    text[at + 1] = (char) ('0' + twoDigits % 10);
  }

  /**
   * Parses what {@link Instant#parse} parses, with a fast path for the form {@link #writeInstant}
   * writes ({@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, 1 to 9 fraction digits); anything else, a leap
   * second for one, goes to {@code Instant.parse}.
   *
   * @throws java.time.format.DateTimeParseException if the text is not an ISO-8601 instant
   */
  public static Instant parseInstant(String text) {
    Instant fast = parseUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /**
   * The instant of {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (year 0000 to 9999, 'T' and 'Z' in
   * upper case), or {@code null} if the text has another form or is not a valid date and time.
   */
  public static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
        || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int digits = length - 21;
      if (text.charAt(19) != '.' || digits < 1) {
        return null;
      }
      nanos = number(text, 20, digits);
      if (nanos < 0) {
        return null;
      }
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    // Days since 1970-01-01 of a civil date (the inverse of writeInstant's algorithm).
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    long days = era * 146_097L + dayOfEra - 719_468L;
    return Instant.ofEpochSecond(days * 86_400L + hour * 3600 + minute * 60 + second, nanos);
  }

  /** The decimal number of {@code count} ASCII digits at {@code at}, or -1. */
  private static int number(String text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int monthLength(int year, int month) {
    if (month == 2) {
      boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** ISO-8601, {@code 2024-05-01}. */
  public static final ValueCodec<LocalDate> LOCAL_DATE = new Text<>("an ISO-8601 date") {
    @Override
    String format(LocalDate value) {
      return value.toString();
    }

    @Override
    LocalDate parse(String text) {
      return LocalDate.parse(text);
    }
  };

  /** ISO-8601, {@code 2024-05-01T12:30}. */
  public static final ValueCodec<LocalDateTime> LOCAL_DATE_TIME =
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

  /** ISO-8601 with offset, {@code 2024-05-01T12:30+02:00}. */
  public static final ValueCodec<OffsetDateTime> OFFSET_DATE_TIME =
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

  /** ISO-8601, {@code PT1H30M}. */
  public static final ValueCodec<Duration> DURATION = new Text<>("an ISO-8601 duration") {
    @Override
    String format(Duration value) {
      return value.toString();
    }

    @Override
    Duration parse(String text) {
      return Duration.parse(text);
    }
  };

  /** An enum by {@link Enum#name() name}; an unknown name is an error listing the known ones. */
  public static <E extends Enum<E>> ValueCodec<E> enumCodec(Class<E> type) {
    return new EnumCodec<>(type);
  }

  /**
   * A record through its generated codec. The codec is looked up on first use, so that codecs of
   * records that refer to each other do not initialise each other's classes.
   */
  public static <R> ValueCodec<R> record(Supplier<? extends JsonCodec<R>> codec) {
    return new RecordCodec<>(codec);
  }

  /**
   * A record through its generated codec, referred to directly: for records whose codec cannot
   * reach back to the codec that holds this value codec (no initialisation cycle).
   */
  public static <R> ValueCodec<R> record(JsonCodec<R> codec) {
    return new DirectRecordCodec<>(Objects.requireNonNull(codec, "codec"));
  }

  /** Also accepts {@code null}, written and read as JSON {@code null}. */
  public static <T> ValueCodec<T> nullable(ValueCodec<T> codec) {
    return new NullableCodec<>(codec);
  }

  /** {@code Optional.empty()} is JSON {@code null}. */
  public static <T> ValueCodec<Optional<T>> optional(ValueCodec<T> element) {
    return new OptionalCodec<>(element);
  }

  public static <T> ValueCodec<List<T>> list(ValueCodec<T> element) {
    return new ListCodec<>(element);
  }

  public static <T> ValueCodec<Set<T>> set(ValueCodec<T> element) {
    return new SetCodec<>(element);
  }

  /** Decoded as an unmodifiable list. */
  public static <T> ValueCodec<Collection<T>> collection(ValueCodec<T> element) {
    return new CollectionCodec<>(element);
  }

  /** A JSON object. */
  public static <V> ValueCodec<Map<String, V>> stringMap(ValueCodec<V> value) {
    return new MapCodec<>(STRING_KEYS, value);
  }

  /** A JSON object whose field names are the enum's constant names. */
  public static <K extends Enum<K>, V> ValueCodec<Map<K, V>> enumMap(
      Class<K> keyType, ValueCodec<V> value) {
    return new MapCodec<>(new EnumCodec<>(keyType), value);
  }

  /**
   * A value Herald's codecs do not cover, written and read with Jackson databind (an optional
   * dependency). Generated code passes an anonymous {@code new TypeReference<Foo>() {}}.
   *
   * @throws NoClassDefFoundError on first use, if jackson-databind is not on the class path
   */
  public static <T> ValueCodec<T> databind(TypeReference<T> type) {
    return DatabindBridge.codec(type);
  }

  // ------------------------------------------------------------------------------------------
  // Failures

  /** A decoding failure at the parser's current token. */
  public static EventDecodingException failure(JsonParser parser, String problem) {
    return failure(parser, problem, null);
  }

  private static EventDecodingException failure(
      JsonParser parser, String problem, Throwable cause) {
    return failureAt(parser, path(parser), problem, cause);
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
  public static EventDecodingException unexpected(JsonParser parser, String expected) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return failure(parser, "null is not allowed here, expected " + expected
          + " (only @Nullable and Optional components and elements accept null)");
    }
    return failure(parser, "expected " + expected + ", found " + describe(token));
  }

  /**
   * A required field is absent. Called at the end of the object, so the path is the object's plus
   * the field.
   */
  public static EventDecodingException missing(JsonParser parser, String field) {
    String objectPath = path(parser);
    return failureAt(parser, append(objectPath, field),
        "the required field '" + field + "' is missing", null);
  }

  /**
   * A required field is absent: the first of {@code required} (a bit per field index) not in
   * {@code seen}. Called at the end of the object.
   */
  public static EventDecodingException missing(
      JsonParser parser, Fields fields, long seen, long required) {
    int first = Long.numberOfTrailingZeros(required & ~seen);
    return missing(parser, first < 64 ? fields.names[first].getValue() : "?");
  }

  /** Required field {@code index} is absent. Called at the end of the object. */
  public static EventDecodingException missing(JsonParser parser, Fields fields, int index) {
    return missing(parser, fields.names[index].getValue());
  }

  /** The record's constructor refused the decoded values. */
  public static EventDecodingException rejected(JsonParser parser, RuntimeException cause) {
    return failure(parser, "the record's constructor rejected the values: " + cause, cause);
  }

  /** The path of the current token, as {@code $.guest.phones[2]}. */
  static String path(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    JsonToken token = parser.currentToken();
    if (context != null && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
      // The parser has entered the value already; the value's own path is its parent's.
      context = context.getParent();
    }
    return path(context, false);
  }

  /**
   * The path of {@code context}. When {@code writing}, an array's next element is the one in
   * question, not its last.
   */
  private static String path(JsonStreamContext context, boolean writing) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(c);
    }
    String path = "$";
    for (int i = chain.size() - 1; i >= 0; i--) {
      JsonStreamContext c = chain.get(i);
      if (c.inArray()) {
        path += "[" + (writing && c == context ? c.getEntryCount() : c.getCurrentIndex()) + "]";
      } else if (c.getCurrentName() != null) {
        path = append(path, c.getCurrentName());
      }
    }
    return path;
  }

  private static String append(String path, String name) {
    boolean plain = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0));
    for (int i = 1; plain && i < name.length(); i++) {
      plain = Character.isJavaIdentifierPart(name.charAt(i));
    }
    if (plain) {
      return path + "." + name;
    }
    return path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  /** The path the generator is writing, for encoding errors. */
  private static String path(JsonGenerator generator) {
    return path(generator.getOutputContext(), true);
  }

  /** Inside a map being written: the map's own path, whichever key was written last. */
  private static String mapPath(JsonGenerator generator) {
    JsonStreamContext map = generator.getOutputContext();
    return map.getParent() == null ? "$" : path(map.getParent(), false);
  }

  static NullPointerException nullNotAllowed(JsonGenerator generator) {
    return new NullPointerException("Cannot encode null at " + path(generator)
        + ": only @Nullable and Optional components and elements may be null");
  }

  private static String describe(JsonToken token) {
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

  private static String describe(Throwable e) {
    String message = e instanceof JsonProcessingException
        ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
    return message == null ? e.getClass().getName() : message;
  }

  // ------------------------------------------------------------------------------------------
  // Codec implementations. Records, so that the JIT trusts their final fields and inlines through
  // a codec constant into its element codec.

  /** A scalar: {@code null} is refused on both sides, so subclasses see values only. */
  private abstract static class Scalar<T> implements ValueCodec<T> {

    final String expected;

    Scalar(String expected) {
      this.expected = expected;
    }

    @Override
    public final void write(JsonGenerator generator, T value) throws IOException {
      if (value == null) {
        throw nullNotAllowed(generator);
      }
      writeNonNull(generator, value);
    }

    @Override
    public final T read(JsonParser parser) throws IOException {
      return readNonNull(parser);
    }

    abstract void writeNonNull(JsonGenerator generator, T value) throws IOException;

    /** Throws {@link #unexpected} for any token it does not accept, including null. */
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
      String text = readString(parser);
      try {
        return parse(text);
      } catch (DateTimeException | IllegalArgumentException e) {
        throw failure(parser, "expected " + expected + ", found \"" + text + "\"", e);
      }
    }

    abstract String format(T value);

    abstract T parse(String text);
  }

  private static final class EnumCodec<E extends Enum<E>> extends Scalar<E> {

    private final Map<String, E> byName = new HashMap<>();
    private final SerializableString[] names;

    EnumCodec(Class<E> type) {
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
      E constant = byName.get(readString(parser));
      if (constant == null) {
        throw failure(parser, "unknown constant \"" + parser.getText() + "\", expected " + expected);
      }
      return constant;
    }

    /** A map key: the parser is on the field name. */
    E key(JsonParser parser, String name) {
      E constant = byName.get(name);
      if (constant == null) {
        throw failure(parser, "unknown key \"" + name + "\", expected " + expected);
      }
      return constant;
    }

    SerializableString name(E value) {
      return names[value.ordinal()];
    }
  }

  private record DirectRecordCodec<R>(JsonCodec<R> codec) implements ValueCodec<R> {

    @Override
    public void write(JsonGenerator generator, R value) throws IOException {
      if (value == null) {
        throw nullNotAllowed(generator);
      }
      codec.write(generator, value);
    }

    @Override
    public void writeRedacted(JsonGenerator generator, R value) throws IOException {
      if (value == null) {
        throw nullNotAllowed(generator);
      }
      codec.writeRedacted(generator, value);
    }

    @Override
    public R read(JsonParser parser) throws IOException {
      return codec.read(parser);
    }
  }

  private record RecordCodec<R>(Supplier<? extends JsonCodec<R>> codec) implements ValueCodec<R> {

    @Override
    public void write(JsonGenerator generator, R value) throws IOException {
      if (value == null) {
        throw nullNotAllowed(generator);
      }
      codec.get().write(generator, value);
    }

    @Override
    public void writeRedacted(JsonGenerator generator, R value) throws IOException {
      if (value == null) {
        throw nullNotAllowed(generator);
      }
      codec.get().writeRedacted(generator, value);
    }

    @Override
    public R read(JsonParser parser) throws IOException {
      return codec.get().read(parser);
    }
  }

  private record NullableCodec<T>(ValueCodec<T> codec) implements ValueCodec<T> {

    @Override
    public void write(JsonGenerator generator, T value) throws IOException {
      if (value == null) {
        generator.writeNull();
      } else {
        codec.write(generator, value);
      }
    }

    @Override
    public void writeRedacted(JsonGenerator generator, T value) throws IOException {
      if (value == null) {
        generator.writeNull();
      } else {
        codec.writeRedacted(generator, value);
      }
    }

    @Override
    public T read(JsonParser parser) throws IOException {
      return parser.currentToken() == JsonToken.VALUE_NULL ? null : codec.read(parser);
    }
  }

  private record OptionalCodec<T>(ValueCodec<T> element) implements ValueCodec<Optional<T>> {

    @Override
    public void write(JsonGenerator generator, Optional<T> value) throws IOException {
      if (value == null || value.isEmpty()) {
        generator.writeNull();
      } else {
        element.write(generator, value.get());
      }
    }

    @Override
    public void writeRedacted(JsonGenerator generator, Optional<T> value) throws IOException {
      if (value == null || value.isEmpty()) {
        generator.writeNull();
      } else {
        element.writeRedacted(generator, value.get());
      }
    }

    @Override
    public Optional<T> read(JsonParser parser) throws IOException {
      return parser.currentToken() == JsonToken.VALUE_NULL
          ? Optional.empty()
          : Optional.of(element.read(parser));
    }
  }

  private static <T> void writeArray(JsonGenerator generator, Collection<T> values,
      ValueCodec<T> element, boolean redacted) throws IOException {
    if (values == null) {
      throw nullNotAllowed(generator);
    }
    generator.writeStartArray(values, values.size());
    if (redacted) {
      for (T value : values) {
        element.writeRedacted(generator, value);
      }
    } else {
      for (T value : values) {
        element.write(generator, value);
      }
    }
    generator.writeEndArray();
  }

  private static <T, C extends Collection<T>> C readArray(
      JsonParser parser, C into, ValueCodec<T> element) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw unexpected(parser, "an array");
    }
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      into.add(element.read(parser));
    }
    return into;
  }

  private record ListCodec<T>(ValueCodec<T> element) implements ValueCodec<List<T>> {

    @Override
    public void write(JsonGenerator generator, List<T> value) throws IOException {
      writeArray(generator, value, element, false);
    }

    @Override
    public void writeRedacted(JsonGenerator generator, List<T> value) throws IOException {
      writeArray(generator, value, element, true);
    }

    @Override
    public List<T> read(JsonParser parser) throws IOException {
      return Collections.unmodifiableList(readArray(parser, new ArrayList<>(), element));
    }
  }

  private record SetCodec<T>(ValueCodec<T> element) implements ValueCodec<Set<T>> {

    @Override
    public void write(JsonGenerator generator, Set<T> value) throws IOException {
      writeArray(generator, value, element, false);
    }

    @Override
    public void writeRedacted(JsonGenerator generator, Set<T> value) throws IOException {
      writeArray(generator, value, element, true);
    }

    @Override
    public Set<T> read(JsonParser parser) throws IOException {
      return Collections.unmodifiableSet(readArray(parser, new LinkedHashSet<>(), element));
    }
  }

  private record CollectionCodec<T>(ValueCodec<T> element)
      implements ValueCodec<Collection<T>> {

    @Override
    public void write(JsonGenerator generator, Collection<T> value) throws IOException {
      writeArray(generator, value, element, false);
    }

    @Override
    public void writeRedacted(JsonGenerator generator, Collection<T> value) throws IOException {
      writeArray(generator, value, element, true);
    }

    @Override
    public Collection<T> read(JsonParser parser) throws IOException {
      return Collections.unmodifiableList(readArray(parser, new ArrayList<>(), element));
    }
  }

  /**
   * The index of the first surrogate in {@code text} that is not half of a pair, or -1. Jackson
   * writes one as an escape, but refuses it in a field name when reading.
   */
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

  /** Turns map keys into field names and back; {@code null} stands for string keys. */
  private static final EnumCodec<?> STRING_KEYS = null;

  private record MapCodec<K, V>(EnumCodec<?> enumKeys, ValueCodec<V> value)
      implements ValueCodec<Map<K, V>> {

    @Override
    public void write(JsonGenerator generator, Map<K, V> map) throws IOException {
      write(generator, map, false);
    }

    @Override
    public void writeRedacted(JsonGenerator generator, Map<K, V> map) throws IOException {
      write(generator, map, true);
    }

    private void write(JsonGenerator generator, Map<K, V> map, boolean redacted)
        throws IOException {
      if (map == null) {
        throw nullNotAllowed(generator);
      }
      generator.writeStartObject(map, map.size());
      for (Map.Entry<K, V> entry : map.entrySet()) {
        K key = entry.getKey();
        if (key == null) {
          throw new NullPointerException("Cannot encode a null map key at " + mapPath(generator));
        }
        if (enumKeys == null) {
          String name = (String) key;
          int lone = loneSurrogate(name);
          if (lone >= 0) {
            throw new IllegalArgumentException("Cannot encode the map key at " + mapPath(generator)
                + ": it holds a lone surrogate (U+"
                + Integer.toHexString(name.charAt(lone)).toUpperCase(Locale.ROOT)
                + " at index " + lone + "), which a JSON field name cannot carry (decoders"
                + " refuse it); use well-formed UTF-16 keys");
          }
          generator.writeFieldName(name);
        } else {
          generator.writeFieldName(enumName(key));
        }
        if (redacted) {
          value.writeRedacted(generator, entry.getValue());
        } else {
          value.write(generator, entry.getValue());
        }
      }
      generator.writeEndObject();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private SerializableString enumName(K key) {
      // Safe: enumKeys is the codec of K's enum type, by construction in enumMap.
      return ((EnumCodec) enumKeys).name((Enum) key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<K, V> read(JsonParser parser) throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw unexpected(parser, "an object");
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
}
