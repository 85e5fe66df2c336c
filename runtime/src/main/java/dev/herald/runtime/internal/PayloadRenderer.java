package dev.herald.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.observability.HistoryEntry;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Renders payloads for people (logs, history): as JSON, the generated codec writing to a redacting
 * generator, so {@code @Sensitive} components show as {@code "***"}; not at all for events marked
 * {@code logPayload = false}. Never the record's {@code toString()}, which shows everything.
 *
 * <p>Public only because {@code deadletter.DeadLetter} renders its payload with it; no
 * compatibility promise.
 */
public final class PayloadRenderer {

  private static final JsonFactory FACTORY = new JsonFactory();

  private PayloadRenderer() {}

  public static String render(Envelope<?> envelope) {
    if (!envelope.key().descriptor().logPayload()) {
      return HistoryEntry.WITHHELD;
    }
    return renderRedacted(envelope.key(), envelope.payload());
  }

  @SuppressWarnings("unchecked") // an envelope's payload is of its key's type or a subtype
  private static <T extends Record> String renderRedacted(EventKey<T> key, Object payload) {
    StringWriter text = new StringWriter(128);
    try (JsonGenerator generator = FACTORY.createGenerator(text)) {
      key.codec().write(JsonSupport.redacting(generator), (T) payload);
    } catch (IOException | RuntimeException e) {
      // Rendering is for people: say what failed rather than fail the caller.
      return "(unrenderable " + key.name() + " payload: " + e.getClass().getSimpleName() + ")";
    }
    return text.toString();
  }
}
