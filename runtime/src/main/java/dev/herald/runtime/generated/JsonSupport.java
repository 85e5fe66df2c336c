package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What generated {@link JsonCodec}s run on: whole-document encoding and decoding, the loop over an
 * object's fields, and a small algebra of {@linkplain ValueCodec value codecs} (scalars, enums,
 * records, collections, maps, optionals, nullable values, free-form JSON, the databind fallback)
 * that generated
 * code composes into constants, so that a generated codec stays short and each component is one
 * call.
 *
 * <p>This class is a facade: each method delegates to a package-private class with one job
 * (documents, the field loop, scalars, ISO-8601 instants, combinators, decoding errors and their
 * JSON paths, redaction). The delegations are static and tiny, so the JIT inlines them; generated
 * code sees only this class, which changes in step with the processor.
 *
 * <p><b>Wire format.</b> Strings, {@code char} (a one-character string), numbers and booleans as
 * JSON; enums by {@link Enum#name() name}; {@code BigDecimal} and {@code BigInteger} as JSON
 * numbers; {@code UUID} and {@code java.time} values as ISO-8601 strings; {@code byte[]} as
 * base64; an {@code Optional} as its value or {@code null}; collections as arrays; maps as
 * objects; {@code Object} as {@linkplain #FREE_FORM free-form JSON}. A {@code float} or
 * {@code double} component that is NaN or infinite travels as the string {@code "NaN"},
 * {@code "Infinity"} or {@code "-Infinity"}.
 *
 * <p><b>Decoding</b> accepts exactly one JSON value (RFC 8259) in strict UTF-8 (RFC 3629): an
 * ill-formed byte sequence (an overlong form, an encoded surrogate, a code point above U+10FFFF, a
 * truncated sequence, a stray continuation byte) is refused naming its byte offset, before Jackson
 * reads the document. A map key (or free-form object key) holding a lone surrogate, which can
 * only arrive as a {@code \u005CuD800} escape, is refused, as encoding refuses it. Every problem,
 * including Jackson's own (malformed JSON, a number too large, a {@link JsonLimits limit}
 * exceeded), is reported as an {@link EventDecodingException} that names the field as a JSON path
 * ({@code $.guest.phones[2]}) and the position in the document. Messages quote at most
 * {@value dev.herald.runtime.internal.Excerpt#MAX_CHARS} characters of any text from the
 * document, escaped. Decoded
 * collections and maps are unmodifiable and keep the document's order. Limits are enforced by
 * Jackson's {@link StreamReadConstraints}; one {@link JsonFactory} is kept per distinct
 * {@code JsonLimits}. Numbers are limited to Jackson's default of 1000 digits.
 *
 * <p><b>Encoding</b> writes only what decoding reads back, and refuses the rest before a broken
 * document exists, with one rule for the exception type: a {@code null} where the contract allows
 * none (a component or element that is not {@code @Nullable}, a map key) is a
 * {@link NullPointerException}; any other value that cannot be represented is an
 * {@link IllegalArgumentException}: a {@code String} map key holding a lone surrogate (half of a
 * UTF-16 pair), at any depth, because JSON field names cannot carry one (string values can: they
 * are written as a six-character escape and read back); and in free-form values a class outside
 * the mapping or a non-finite number. Both name the JSON path.
 *
 * <p><b>Redaction.</b> A codec writes for people when handed a {@linkplain #redacting redacting
 * generator}: each {@code @Sensitive} component asks {@link #isRedacting} and writes
 * {@link #REDACTED} instead of its value. Everything else passes the generator on unchanged, so
 * one {@code write} serves both, and the wire pays nothing for it.
 *
 * <p>This class is the contract between generated code and the runtime, not an API for users.
 */
public final class JsonSupport {

  /** {@link #nextField} found the end of the object. */
  public static final int END_OF_OBJECT = -2;

  /** {@link #nextField} found a field the record does not have; skip its value. */
  public static final int UNKNOWN_FIELD = -1;

  /** A {@code @Sensitive} component as written to a {@linkplain #redacting redacting} generator. */
  public static final String REDACTED = "***";

  private JsonSupport() {}

  // ------------------------------------------------------------------------------------------
  // Documents: JsonDocuments

  /** Encodes {@code value} with {@code codec} as UTF-8 JSON, on Jackson's pooled buffers. */
  public static <T> byte[] toBytes(JsonCodec<T> codec, T value) {
    return JsonDocuments.encode(codec, value, false);
  }

  /**
   * Encodes {@code value} for people: its {@code @Sensitive} components, at any depth, are
   * {@link #REDACTED}. Never for the wire: the result does not decode to the value.
   */
  public static <T> byte[] toRedactedBytes(JsonCodec<T> codec, T value) {
    return JsonDocuments.encode(codec, value, true);
  }

  /**
   * Decodes one document with {@code codec} within {@code limits}. The document must hold exactly
   * one value; anything after it is an error.
   *
   * @throws EventDecodingException whatever is wrong with the document; never a Jackson exception,
   *     never a half-built value
   */
  public static <T> T fromBytes(JsonCodec<T> codec, byte[] json, JsonLimits limits) {
    return JsonDocuments.decode(codec, json, limits);
  }

  // ------------------------------------------------------------------------------------------
  // Redaction: RedactingGenerator

  /**
   * A generator that writes to {@code generator} (or {@code generator} itself, if it already
   * redacts) and makes the codecs it is handed to write each {@code @Sensitive} component, at any
   * depth (nested records, elements of lists, sets and collections, map values, optionals), as
   * {@link #REDACTED}, whatever its value, {@code null} and {@code Optional.empty()} included, so
   * the rendering does not even tell whether it was set. Map keys are not redacted (they are not
   * components); values handled by the databind fallback are written as databind writes them.
   */
  public static JsonGenerator redacting(JsonGenerator generator) {
    return RedactingGenerator.over(Objects.requireNonNull(generator, "generator"));
  }

  /** Whether a {@code @Sensitive} component written to {@code generator} is {@link #REDACTED}. */
  public static boolean isRedacting(JsonGenerator generator) {
    return RedactingGenerator.is(generator);
  }

  /**
   * Writes {@link #REDACTED} in place of a {@code @Sensitive} component's value, whatever that
   * value is ({@code null} included): a redacted rendering does not tell whether it was set.
   */
  public static void writeRedaction(JsonGenerator generator) throws IOException {
    RedactingGenerator.writeRedaction(generator);
  }

  // ------------------------------------------------------------------------------------------
  // Objects, for generated record codecs: JsonFieldLoop

  /** Checks that the current token starts an object. */
  public static void startObject(JsonParser parser) throws IOException {
    JsonFieldLoop.startObject(parser);
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

    int size() {
      return names.length;
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
    return JsonFieldLoop.nextField(parser, fields, expected);
  }

  /**
   * Moves to the value of the next field the record has, skipping fields it does not have (from a
   * newer or another producer). Tries field {@code expected} first, as {@link #nextField} does.
   *
   * @return the index of the field, the parser on the first token of its value; or
   *     {@link #END_OF_OBJECT} (negative) at the end of the object
   */
  public static int nextValue(JsonParser parser, Fields fields, int expected) throws IOException {
    return JsonFieldLoop.nextValue(parser, fields, expected);
  }

  /**
   * Checks, at the end of an object, that every field of {@code required} (a bit per field index)
   * is in {@code seen}.
   */
  public static void requireFields(JsonParser parser, Fields fields, long seen, long required) {
    JsonFieldLoop.requireFields(parser, fields, seen, required);
  }

  // ------------------------------------------------------------------------------------------
  // Primitives, read on the current token: JsonScalars. Generated code writes them with
  // JsonGenerator.writeNumber/writeBoolean, and char with writeChar.

  public static boolean readBoolean(JsonParser parser) throws IOException {
    return JsonScalars.readBoolean(parser);
  }

  public static byte readByte(JsonParser parser) throws IOException {
    return JsonScalars.readByte(parser);
  }

  public static short readShort(JsonParser parser) throws IOException {
    return JsonScalars.readShort(parser);
  }

  public static int readInt(JsonParser parser) throws IOException {
    return JsonScalars.readInt(parser);
  }

  public static long readLong(JsonParser parser) throws IOException {
    return JsonScalars.readLong(parser);
  }

  /** A number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public static float readFloat(JsonParser parser) throws IOException {
    return JsonScalars.readFloat(parser);
  }

  /** A number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public static double readDouble(JsonParser parser) throws IOException {
    return JsonScalars.readDouble(parser);
  }

  public static char readChar(JsonParser parser) throws IOException {
    return JsonScalars.readChar(parser);
  }

  public static void writeChar(JsonGenerator generator, char value) throws IOException {
    JsonScalars.writeChar(generator, value);
  }

  // ------------------------------------------------------------------------------------------
  // Value codecs

  /**
   * Writes and reads one kind of value inside a record: a component's value, a collection's
   * element, a map's value. Unless wrapped in {@link #nullable}, a value codec refuses {@code null}
   * both ways. A {@linkplain #redacting redacting} generator is passed on unchanged to the codecs
   * of the records inside.
   *
   * @param <T> the Java type
   */
  public interface ValueCodec<T> {

    void write(JsonGenerator generator, T value) throws IOException;

    /** Reads the value whose first token is the parser's current token, leaving it on the last. */
    T read(JsonParser parser) throws IOException;
  }

  // Scalars: JsonScalarCodecs

  public static final ValueCodec<String> STRING = JsonScalarCodecs.STRING;
  public static final ValueCodec<Boolean> BOOLEAN = JsonScalarCodecs.BOOLEAN;
  public static final ValueCodec<Character> CHARACTER = JsonScalarCodecs.CHARACTER;
  public static final ValueCodec<Byte> BYTE = JsonScalarCodecs.BYTE;
  public static final ValueCodec<Short> SHORT = JsonScalarCodecs.SHORT;
  public static final ValueCodec<Integer> INTEGER = JsonScalarCodecs.INTEGER;
  public static final ValueCodec<Long> LONG = JsonScalarCodecs.LONG;
  public static final ValueCodec<Float> FLOAT = JsonScalarCodecs.FLOAT;
  public static final ValueCodec<Double> DOUBLE = JsonScalarCodecs.DOUBLE;
  public static final ValueCodec<BigDecimal> BIG_DECIMAL = JsonScalarCodecs.BIG_DECIMAL;
  public static final ValueCodec<BigInteger> BIG_INTEGER = JsonScalarCodecs.BIG_INTEGER;

  /** Base64, as Jackson writes it by default (MIME without line feeds). */
  public static final ValueCodec<byte[]> BYTES = JsonScalarCodecs.BYTES;

  /** The canonical 36-character form, {@code 123e4567-e89b-12d3-a456-426614174000}. */
  public static final ValueCodec<UUID> UUID_CODEC = JsonScalarCodecs.UUID_CODEC;

  /**
   * ISO-8601 in UTC, exactly as {@link Instant#toString()}: {@code 2024-05-01T12:30:00.123Z}; reads
   * what {@link Instant#parse} reads. See {@link #writeInstant} and {@link #parseInstant}.
   */
  public static final ValueCodec<Instant> INSTANT = JsonScalarCodecs.INSTANT;

  /** ISO-8601, {@code 2024-05-01}. */
  public static final ValueCodec<LocalDate> LOCAL_DATE = JsonScalarCodecs.LOCAL_DATE;

  /** ISO-8601, {@code 2024-05-01T12:30}. */
  public static final ValueCodec<LocalDateTime> LOCAL_DATE_TIME =
      JsonScalarCodecs.LOCAL_DATE_TIME;

  /** ISO-8601 with offset, {@code 2024-05-01T12:30+02:00}. */
  public static final ValueCodec<OffsetDateTime> OFFSET_DATE_TIME =
      JsonScalarCodecs.OFFSET_DATE_TIME;

  /** ISO-8601, {@code PT1H30M}. */
  public static final ValueCodec<Duration> DURATION = JsonScalarCodecs.DURATION;

  /**
   * Free-form JSON, for components and type arguments typed {@code Object}: any JSON value, as
   * plain Java objects, without databind. Reading maps
   *
   * <ul>
   *   <li>an object to a {@code LinkedHashMap<String, Object>} in the document's order (a field
   *       named twice keeps its last value), an array to an {@code ArrayList<Object>}; both are
   *       fresh and mutable, owned by the receiver;
   *   <li>a string to {@code String}, {@code true}/{@code false} to {@code Boolean}, {@code null}
   *       to {@code null};
   *   <li>an integer (no fraction, no exponent) to {@code Integer} if it fits, else {@code Long}
   *       if it fits, else {@code BigInteger}: an id above 2<sup>53</sup> is never rounded;
   *   <li>any other number to {@code Double}; one beyond the range of a double ({@code 1e400}) is
   *       refused, as a non-finite number is when writing. {@link #FREE_FORM_EXACT} reads them as
   *       {@code BigDecimal} instead.
   * </ul>
   *
   * <p>Writing accepts exactly {@code String}, {@code Boolean}, {@code Integer}, {@code Long},
   * {@code Short}, {@code Byte}, {@code BigInteger}, {@code Double}, {@code Float},
   * {@code BigDecimal}, any {@code Map} with {@code String} keys, any {@code List}, and
   * {@code null}, nested to any depth. JSON {@code null} is a free-form value like any other, so a
   * free-form map may hold {@code null} values and a list {@code null} elements, written and read
   * as JSON {@code null}, and a component typed {@code Object} may be {@code null} (its field must
   * still be present in a document unless the component is {@code @Nullable}, as for any
   * component). Anything else is refused with an {@link IllegalArgumentException} naming
   * the JSON path and the class: another class (a {@code Set}, a {@code java.time} value, a
   * record), a key that is not a {@code String} or holds a lone surrogate (at any depth), a
   * non-finite {@code Double} or {@code Float} (the same problem text as when reading
   * {@code 1e400}), a {@code BigDecimal} beyond the range of a double (with this codec only), a
   * value nested deeper than 500 levels (a map that contains itself); a {@code null} key is
   * refused with a {@link NullPointerException}.
   *
   * <p>A round trip gives back an equal value for the classes reading produces. The other accepted
   * classes come back in those: a {@code Short} or {@code Long} that fits an int as an
   * {@code Integer}, a {@code Float} as the {@code Double} of its shortest decimal form, a
   * {@code BigDecimal} of scale 0 as an integer, another as a {@code Double}
   * ({@link #FREE_FORM_EXACT} keeps them).
   */
  public static final ValueCodec<Object> FREE_FORM = JsonFreeForm.DOUBLES;

  /**
   * Free-form JSON as {@link #FREE_FORM}, except that decimal numbers are read as
   * {@code BigDecimal}, exactly as written (any magnitude, the same scale): for components
   * annotated {@code @ExactDecimals}. A {@code BigDecimal} always comes back as an equal
   * {@code BigDecimal}: one of scale 0 is written with an exponent ({@code 12E0}) so that it is
   * not read as an integer.
   */
  public static final ValueCodec<Object> FREE_FORM_EXACT = JsonFreeForm.BIG_DECIMALS;

  /** An enum by {@link Enum#name() name}; an unknown name is an error listing the known ones. */
  public static <E extends Enum<E>> ValueCodec<E> enumCodec(Class<E> type) {
    return new JsonEnumCodec<>(type);
  }

  // Combinators: JsonCombinators, JsonMapCodec

  /**
   * A record through its generated codec. The codec is looked up on first use, so that codecs of
   * records that refer to each other do not initialise each other's classes.
   */
  public static <R> ValueCodec<R> record(Supplier<? extends JsonCodec<R>> codec) {
    return new JsonCombinators.RecordCodec<>(Objects.requireNonNull(codec, "codec"));
  }

  /**
   * A record through its generated codec, referred to directly: for records whose codec cannot
   * reach back to the codec that holds this value codec (no initialisation cycle).
   */
  public static <R> ValueCodec<R> record(JsonCodec<R> codec) {
    return new JsonCombinators.DirectRecordCodec<>(Objects.requireNonNull(codec, "codec"));
  }

  /** Also accepts {@code null}, written and read as JSON {@code null}. */
  public static <T> ValueCodec<T> nullable(ValueCodec<T> codec) {
    return new JsonCombinators.NullableCodec<>(codec);
  }

  /** {@code Optional.empty()} is JSON {@code null}. */
  public static <T> ValueCodec<Optional<T>> optional(ValueCodec<T> element) {
    return new JsonCombinators.OptionalCodec<>(element);
  }

  public static <T> ValueCodec<List<T>> list(ValueCodec<T> element) {
    return new JsonCombinators.ListCodec<>(element);
  }

  public static <T> ValueCodec<Set<T>> set(ValueCodec<T> element) {
    return new JsonCombinators.SetCodec<>(element);
  }

  /** Decoded as an unmodifiable list. */
  public static <T> ValueCodec<Collection<T>> collection(ValueCodec<T> element) {
    return new JsonCombinators.CollectionCodec<>(element);
  }

  /** A JSON object. */
  public static <V> ValueCodec<Map<String, V>> stringMap(ValueCodec<V> value) {
    return new JsonMapCodec<>(null, value);
  }

  /** A JSON object whose field names are the enum's constant names. */
  public static <K extends Enum<K>, V> ValueCodec<Map<K, V>> enumMap(
      Class<K> keyType, ValueCodec<V> value) {
    return new JsonMapCodec<>(new JsonEnumCodec<>(keyType), value);
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
  // Instants without java.time's general-purpose formatter and parser: IsoInstants

  /**
   * Writes {@code value} as a JSON string, the same text as {@link Instant#toString()}, without
   * building a {@code String}: years 0000 to 9999 are formatted here, others by
   * {@code toString()}.
   */
  public static void writeInstant(JsonGenerator generator, Instant value) throws IOException {
    IsoInstants.write(generator, value);
  }

  /**
   * Parses what {@link Instant#parse} parses, with a fast path for the form {@link #writeInstant}
   * writes ({@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, 1 to 9 fraction digits); anything else, a leap
   * second for one, goes to {@code Instant.parse}.
   *
   * @throws java.time.format.DateTimeParseException if the text is not an ISO-8601 instant
   */
  public static Instant parseInstant(String text) {
    return IsoInstants.parse(text);
  }

  /**
   * The instant of {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (year 0000 to 9999, 'T' and 'Z' in
   * upper case, 1 to 9 fraction digits), or {@code null} if the text has another form or is not a
   * valid date and time.
   */
  public static Instant parseUtc(String text) {
    return IsoInstants.parseUtc(text);
  }

  // ------------------------------------------------------------------------------------------
  // Failures: JsonErrors, with JsonPaths

  /** A decoding failure at the parser's current token. */
  public static EventDecodingException failure(JsonParser parser, String problem) {
    return JsonErrors.failure(parser, problem, null);
  }

  /** The current token is not what the component needs. */
  public static EventDecodingException unexpected(JsonParser parser, String expected) {
    return JsonErrors.unexpected(parser, expected);
  }

  /**
   * A required field is absent. Called at the end of the object, so the path is the object's plus
   * the field.
   */
  public static EventDecodingException missing(JsonParser parser, String field) {
    return JsonErrors.missing(parser, field);
  }

  /**
   * A required field is absent: the first of {@code required} (a bit per field index) not in
   * {@code seen}. Called at the end of the object.
   */
  public static EventDecodingException missing(
      JsonParser parser, Fields fields, long seen, long required) {
    return JsonFieldLoop.missing(parser, fields, seen, required);
  }

  /** Required field {@code index} is absent. Called at the end of the object. */
  public static EventDecodingException missing(JsonParser parser, Fields fields, int index) {
    return JsonErrors.missing(parser, fields.name(index).getValue());
  }

  /** The record's constructor refused the decoded values. */
  public static EventDecodingException rejected(JsonParser parser, RuntimeException cause) {
    return JsonErrors.rejected(parser, cause);
  }
}
