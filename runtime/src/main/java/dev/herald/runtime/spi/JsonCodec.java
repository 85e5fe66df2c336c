package dev.herald.runtime.spi;

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

  /** Writes {@code value}, which is not {@code null}, as one JSON object. */
  void write(JsonGenerator generator, T value) throws IOException;

  /**
   * Reads one value. The parser's current token is the first token of the value (a
   * {@code START_OBJECT} for a well-formed document); on return it is the value's last token.
   *
   * @throws dev.herald.runtime.EventDecodingException when the document does not fit the contract
   */
  T read(JsonParser parser) throws IOException;

  /**
   * Writes value as write does, but with every @Sensitive component (at any depth: nested records,
   * elements of lists/sets/arrays, map values, optionals) replaced by the JSON string "***". Herald
   * uses it wherever it renders a payload for people: logs, history, dead-letter views.
   */
  default void writeRedacted(JsonGenerator generator, T value) throws IOException {
    write(generator, value);
  }
}
