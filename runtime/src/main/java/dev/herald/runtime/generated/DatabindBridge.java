package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The fallback for record components whose type Herald's generated codecs do not cover: Jackson
 * databind reads and writes that one component, on the same parser and generator as the rest of
 * the record, so limits, paths and positions still apply. jackson-databind is an optional
 * dependency of the runtime; the processor refuses such components when it is missing at compile
 * time, and this class says so clearly when it is missing at run time.
 */
final class DatabindBridge {

  private static final String MISSING = "A Herald codec falls back to Jackson databind for a record"
      + " component whose type it does not cover, but com.fasterxml.jackson.databind is not on the"
      + " class path; add com.fasterxml.jackson.core:jackson-databind to the application";

  private DatabindBridge() {}

  static <T> JsonSupport.ValueCodec<T> codec(TypeReference<T> type) {
    return new Codec<>(type);
  }

  /** The shared mapper, created on first use. */
  private static final class Mapper {

    static final ObjectMapper INSTANCE = create();

    private static ObjectMapper create() {
      try {
        return JsonMapper.builder().findAndAddModules().build();
      } catch (LinkageError e) {
        NoClassDefFoundError missing = new NoClassDefFoundError(MISSING);
        missing.initCause(e);
        throw missing;
      }
    }
  }

  private static final class Codec<T> implements JsonSupport.ValueCodec<T> {

    private final TypeReference<T> type;
    private volatile JavaType javaType;

    Codec(TypeReference<T> type) {
      this.type = type;
    }

    private static ObjectMapper mapper() {
      try {
        return Mapper.INSTANCE;
      } catch (LinkageError e) {
        // Thrown again on every use after the first failure; keep the message helpful.
        NoClassDefFoundError missing = new NoClassDefFoundError(MISSING);
        missing.initCause(e);
        throw missing;
      }
    }

    @Override
    public void write(JsonGenerator generator, T value) throws IOException {
      if (value == null) {
        throw JsonErrors.nullNotAllowed(generator);
      }
      mapper().writeValue(generator, value);
    }

    @Override
    public T read(JsonParser parser) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NULL) {
        throw JsonErrors.unexpected(parser, "a value");
      }
      ObjectMapper mapper = mapper();
      JavaType resolved = javaType;
      if (resolved == null) {
        resolved = mapper.getTypeFactory().constructType(type);
        javaType = resolved;
      }
      T value = mapper.readValue(parser, resolved);
      if (value == null) {
        throw JsonErrors.failure(parser, "Jackson databind decoded null, which is not allowed here",
            null);
      }
      return value;
    }
  }
}
