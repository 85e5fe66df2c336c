package dev.herald.runtime;

import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.wire.JsonLimits;

/** Encodes and decodes whole documents with a generated codec; see {@link JsonSupport}. */
final class Json {

  private Json() {}

  static <T> byte[] write(JsonCodec<T> codec, T value) {
    return JsonSupport.toBytes(codec, value);
  }

  static <T> T read(JsonCodec<T> codec, byte[] json, JsonLimits limits, String eventName) {
    try {
      return JsonSupport.fromBytes(codec, json, limits);
    } catch (EventDecodingException e) {
      throw e.forEvent(eventName);
    }
  }
}
