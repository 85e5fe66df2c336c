package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.internal.Excerpt;
import dev.herald.runtime.wire.JsonLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whole documents: one value encoded as UTF-8 JSON on Jackson's pooled buffers, and one document
 * decoded within {@link JsonLimits}, every failure turned into an {@link EventDecodingException}.
 * Limits are Jackson's {@link StreamReadConstraints}; one {@link JsonFactory} is kept per distinct
 * {@code JsonLimits}. The bytes are checked to be well-formed UTF-8 ({@link StrictUtf8}) before
 * Jackson reads them.
 */
final class JsonDocuments {

  private static final JsonFactory DEFAULT_FACTORY = newFactory(JsonLimits.defaults());
  private static final JsonFactory WRITE_FACTORY = JsonFactory.builder()
      // Characters outside the BMP as four UTF-8 bytes, not as two escaped surrogates.
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();
  private static final Map<JsonLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

  private JsonDocuments() {}

  /** {@code value} as UTF-8 JSON; {@code redacted} writes it through a redacting generator. */
  static <T> byte[] encode(JsonCodec<T> codec, T value, boolean redacted) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(value, "value");
    Output output = new Output();
    try (JsonGenerator generator = WRITE_FACTORY.createGenerator(output, JsonEncoding.UTF8)) {
      codec.write(redacted ? new RedactingGenerator(generator) : generator, value);
    } catch (IOException e) {
      // Nothing does I/O here: Jackson reports invalid generator use (a bug) as an IOException.
      throw new UncheckedIOException("Herald could not encode " + value.getClass().getName(), e);
    }
    return output.toByteArray();
  }

  /** The one value of {@code json}; see {@link JsonSupport#fromBytes}. */
  static <T> T decode(JsonCodec<T> codec, byte[] json, JsonLimits limits) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(limits, "limits");
    StrictUtf8.check(json);
    JsonParser parser;
    try {
      parser = factory(limits).createParser(json);
    } catch (IOException e) {
      throw new EventDecodingException(null, "$", -1, -1, -1, JsonErrors.describe(e), e);
    }
    // Not try-with-resources: the catch clauses read the parser's position, so close it last.
    try {
      if (parser.nextToken() == null) {
        throw JsonErrors.failure(parser, "the document is empty", null);
      }
      T value = codec.read(parser);
      if (parser.nextToken() != null) {
        throw JsonErrors.failure(parser, "unexpected content after the end of the document: "
            + JsonErrors.describe(parser.currentToken()), null);
      }
      return value;
    } catch (EventDecodingException e) {
      throw e;
    } catch (InputCoercionException e) {
      // A number too large for its type: point at the number, not past it.
      throw JsonErrors.failure(parser, JsonErrors.describe(e), e);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
      throw new EventDecodingException(null, JsonPaths.of(parser), location.getLineNr(),
          location.getColumnNr(), location.getByteOffset(), JsonErrors.describe(e), e);
    } catch (IOException | RuntimeException e) {
      throw JsonErrors.failure(parser, JsonErrors.describe(e), e);
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
    return FACTORIES.computeIfAbsent(limits, JsonDocuments::newFactory);
  }

  private static JsonFactory newFactory(JsonLimits limits) {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(limits.maxDocumentBytes())
            .maxNestingDepth(limits.maxDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNameLength(limits.maxStringLength())
            .build())
        // Jackson's messages quote tokens of the input: keep them as short as Herald's own.
        .errorReportConfiguration(ErrorReportConfiguration.builder()
            .maxErrorTokenLength(Excerpt.MAX_CHARS)
            .maxRawContentLength(Excerpt.MAX_CHARS)
            .build())
        .build();
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
}
