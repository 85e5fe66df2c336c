package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Writes and reads one record type on Jackson's streaming API. The processor generates one
 * implementation per {@code @Event} record and per record such a record reaches; no reflection and no
 * {@code ObjectMapper} are involved.
 *
 * @param <T> the record type
 */
public interface JsonCodec<T> {

  /**
   * Writes {@code value}, which is not {@code null}, as one JSON object, and only what
   * {@link #read} reads back (see {@link JsonSupport}'s "Encoding" for the rule). Handed a
   * {@linkplain JsonSupport#redacting redacting generator}, the codec writes every
   * {@code @Sensitive} component, at any depth, as {@code "***"} ({@link JsonSupport#REDACTED}):
   * that is how Herald renders a payload for people (logs, history, dead-letter views).
   *
   * @throws NullPointerException for a {@code null} the contract does not allow (a component or
   *     element that is not {@code @Nullable}, a map key), naming its JSON path
   * @throws IllegalArgumentException for any other value that cannot be represented: a map key
   *     with a lone surrogate, at any depth; in a free-form value a class outside
   *     {@link JsonSupport#FREE_FORM}'s mapping or a non-finite number
   */
  void write(JsonGenerator generator, T value) throws IOException;

  /**
   * Reads one value. The parser's current token is the first token of the value (a
   * {@code START_OBJECT} for a well-formed document); on return it is the value's last token.
   *
   * @throws dev.herald.runtime.EventDecodingException when the document does not fit the contract
   */
  T read(JsonParser parser) throws IOException;
}
