package dev.herald.runtime.generated;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * A generator that writes through to another and marks the document as one for people: a
 * generated codec handed this generator writes each {@code @Sensitive} component as
 * {@link JsonSupport#REDACTED}. Redaction is a property of the generator rather than a second
 * copy of every codec's {@code write}: the codecs and combinators pass the generator on unchanged,
 * and only a sensitive component asks ({@link #is}), so writing for the wire costs nothing more.
 */
final class RedactingGenerator extends JsonGeneratorDelegate {

  private static final SerializedString REDACTED = new SerializedString(JsonSupport.REDACTED);

  RedactingGenerator(JsonGenerator delegate) {
    super(delegate);
  }

  /** {@code generator} itself if it already redacts, else a redacting generator over it. */
  static JsonGenerator over(JsonGenerator generator) {
    return generator instanceof RedactingGenerator ? generator : new RedactingGenerator(generator);
  }

  /** Whether {@code generator} redacts: one type check, at {@code @Sensitive} components only. */
  static boolean is(JsonGenerator generator) {
    return generator instanceof RedactingGenerator;
  }

  /** Writes {@link JsonSupport#REDACTED} in place of a sensitive value. */
  static void writeRedaction(JsonGenerator generator) throws IOException {
    generator.writeString(REDACTED);
  }
}
