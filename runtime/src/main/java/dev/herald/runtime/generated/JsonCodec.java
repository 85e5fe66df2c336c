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
   * Writes {@code value} as {@link #write} does, but with every {@code @Sensitive} component (at
   * any depth: nested records, elements of lists, sets and collections, map values, optionals)
   * replaced by the JSON string {@code "***"} ({@link JsonSupport#REDACTED}). Herald uses it
   * wherever it renders a payload for people: logs, history, dead-letter views.
   *
   * <p>A sensitive component is {@code "***"} whatever its value, {@code null} and
   * {@code Optional.empty()} included, so the rendering does not even tell whether it was set. Map
   * keys are not redacted (they are not components); mark the map component itself
   * {@code @Sensitive} if its keys are personal. Values handled by the databind fallback are written
   * as databind writes them.
   *
   * <p>The default writes {@code value} unchanged, which is right only for types that reach no
   * {@code @Sensitive} component; the processor overrides it in every generated codec whose record
   * reaches one, directly or through nested records.
   */
  default void writeRedacted(JsonGenerator generator, T value) throws IOException {
    write(generator, value);
  }
}
