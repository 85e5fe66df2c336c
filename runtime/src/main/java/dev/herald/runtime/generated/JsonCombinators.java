package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.generated.JsonSupport.ValueCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The value codecs built from other codecs: records through their generated codec, nullable values,
 * optionals and collections ({@link JsonMapCodec} does maps). Records, so that the JIT trusts their
 * final fields and inlines through a codec constant into its element codec. A redacting generator
 * passes through them unchanged, down to the {@code @Sensitive} components of the records inside.
 */
final class JsonCombinators {

  private JsonCombinators() {}

  /** A record through its generated codec, referred to directly. */
  record DirectRecordCodec<R>(JsonCodec<R> codec) implements ValueCodec<R> {

    @Override
    public void write(JsonGenerator generator, R value) throws IOException {
      if (value == null) {
        throw JsonErrors.nullNotAllowed(generator);
      }
      codec.write(generator, value);
    }

    @Override
    public R read(JsonParser parser) throws IOException {
      return codec.read(parser);
    }
  }

  /** A record through its generated codec, looked up on first use. */
  record RecordCodec<R>(Supplier<? extends JsonCodec<R>> codec) implements ValueCodec<R> {

    @Override
    public void write(JsonGenerator generator, R value) throws IOException {
      if (value == null) {
        throw JsonErrors.nullNotAllowed(generator);
      }
      codec.get().write(generator, value);
    }

    @Override
    public R read(JsonParser parser) throws IOException {
      return codec.get().read(parser);
    }
  }

  record NullableCodec<T>(ValueCodec<T> codec) implements ValueCodec<T> {

    @Override
    public void write(JsonGenerator generator, T value) throws IOException {
      if (value == null) {
        generator.writeNull();
      } else {
        codec.write(generator, value);
      }
    }

    @Override
    public T read(JsonParser parser) throws IOException {
      return parser.currentToken() == JsonToken.VALUE_NULL ? null : codec.read(parser);
    }
  }

  record OptionalCodec<T>(ValueCodec<T> element) implements ValueCodec<Optional<T>> {

    @Override
    public void write(JsonGenerator generator, Optional<T> value) throws IOException {
      if (value == null || value.isEmpty()) {
        generator.writeNull();
      } else {
        element.write(generator, value.get());
      }
    }

    @Override
    public Optional<T> read(JsonParser parser) throws IOException {
      return parser.currentToken() == JsonToken.VALUE_NULL
          ? Optional.empty()
          : Optional.of(element.read(parser));
    }
  }

  /** Decoded as an unmodifiable list in the document's order. */
  record ListCodec<T>(ValueCodec<T> element) implements ValueCodec<List<T>> {

    @Override
    public void write(JsonGenerator generator, List<T> value) throws IOException {
      writeArray(generator, value, element);
    }

    @Override
    public List<T> read(JsonParser parser) throws IOException {
      return Collections.unmodifiableList(readArray(parser, new ArrayList<>(), element));
    }
  }

  /** Decoded as an unmodifiable set in the document's order. */
  record SetCodec<T>(ValueCodec<T> element) implements ValueCodec<Set<T>> {

    @Override
    public void write(JsonGenerator generator, Set<T> value) throws IOException {
      writeArray(generator, value, element);
    }

    @Override
    public Set<T> read(JsonParser parser) throws IOException {
      return Collections.unmodifiableSet(readArray(parser, new LinkedHashSet<>(), element));
    }
  }

  /** Decoded as an unmodifiable list in the document's order. */
  record CollectionCodec<T>(ValueCodec<T> element) implements ValueCodec<Collection<T>> {

    @Override
    public void write(JsonGenerator generator, Collection<T> value) throws IOException {
      writeArray(generator, value, element);
    }

    @Override
    public Collection<T> read(JsonParser parser) throws IOException {
      return Collections.unmodifiableList(readArray(parser, new ArrayList<>(), element));
    }
  }

  private static <T> void writeArray(JsonGenerator generator, Collection<T> values,
      ValueCodec<T> element) throws IOException {
    if (values == null) {
      throw JsonErrors.nullNotAllowed(generator);
    }
    generator.writeStartArray(values, values.size());
    for (T value : values) {
      element.write(generator, value);
    }
    generator.writeEndArray();
  }

  private static <T, C extends Collection<T>> C readArray(
      JsonParser parser, C into, ValueCodec<T> element) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw JsonErrors.unexpected(parser, "an array");
    }
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      into.add(element.read(parser));
    }
    return into;
  }
}
