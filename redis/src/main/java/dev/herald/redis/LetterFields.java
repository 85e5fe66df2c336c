package dev.herald.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dead letter as the fields of an entry in the dead-letter stream, and back. The event is kept as
 * CloudEvents JSON of the given contracts; the rest as UTF-8 text, times as ISO-8601 instants.
 * Absent values (no error type, message or stack trace) are absent fields. An entry the consumer
 * could not decode is kept as a {@linkplain #rejected rejected entry}: its reason is
 * {@value #REJECTED} and its event field holds the raw bytes.
 */
final class LetterFields {

  static final String LETTER = "letter";
  static final String GROUP = "group";
  static final String SUBSCRIBER = "subscriber";
  static final String REASON = "reason";
  static final String ERROR_TYPE = "errortype";
  static final String ERROR = "error";
  static final String STACK = "stacktrace";
  static final String ATTEMPTS = "attempts";
  static final String FIRST = "first";
  static final String LAST = "last";
  static final String TYPE = "type";
  static final String STREAM = "stream";
  static final String ENTRY = "entry";
  static final String EVENT = "event";
  /** The reason of an entry that was not a decodable event of this service's contracts. */
  static final String REJECTED = "REJECTED";

  private LetterFields() {}

  /** The fields of {@code letter} dead-lettered for {@code group} ("" for none). */
  static Map<String, byte[]> of(DeadLetter letter, String group, CloudEvents wire) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put(LETTER, bytes(letter.id()));
    fields.put(GROUP, bytes(group));
    fields.put(SUBSCRIBER, bytes(letter.subscriber()));
    fields.put(REASON, bytes(letter.reason().name()));
    putIfPresent(fields, ERROR_TYPE, letter.errorType());
    putIfPresent(fields, ERROR, letter.errorMessage());
    putIfPresent(fields, STACK, letter.stackTrace());
    fields.put(ATTEMPTS, bytes(Integer.toString(letter.attempts())));
    fields.put(FIRST, bytes(letter.firstFailure().toString()));
    fields.put(LAST, bytes(letter.lastFailure().toString()));
    fields.put(TYPE, bytes(letter.envelope().type()));
    fields.put(EVENT, wire.toJson(letter.envelope()));
    return fields;
  }

  /** The fields of {@code letter}, a delivery of entry {@code entry} of {@code fromStream}. */
  static Map<String, byte[]> of(DeadLetter letter, String group, CloudEvents wire,
      String fromStream, String entry) {
    Map<String, byte[]> fields = of(letter, group, wire);
    fields.put(STREAM, bytes(fromStream));
    fields.put(ENTRY, bytes(entry));
    return fields;
  }

  /**
   * The fields of {@code message}, rejected by {@code group} at {@code now} for {@code reason}: its
   * {@code event} field as it was or, if it had none, its field names.
   */
  static Map<String, byte[]> rejected(String id, String group,
      StreamMessage<String, byte[]> message, String type, String reason, Instant now) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put(LETTER, bytes(id));
    fields.put(GROUP, bytes(group));
    fields.put(SUBSCRIBER, bytes(DeadLetter.NO_SUBSCRIBER));
    fields.put(REASON, bytes(REJECTED));
    fields.put(ERROR, bytes(reason));
    fields.put(ATTEMPTS, bytes("0"));
    fields.put(FIRST, bytes(now.toString()));
    fields.put(LAST, bytes(now.toString()));
    putIfPresent(fields, TYPE, type);
    fields.put(STREAM, bytes(message.getStream()));
    fields.put(ENTRY, bytes(message.getId()));
    byte[] event = message.getBody().get(RedisTransport.EVENT);
    fields.put(EVENT, event != null ? event : bytes(String.valueOf(message.getBody().keySet())));
    return fields;
  }

  /** Whether these are the fields of a rejected entry rather than of a dead letter. */
  static boolean isRejected(Map<String, byte[]> fields) {
    return REJECTED.equals(text(fields, REASON));
  }

  /** The group these fields were dead-lettered for, "" for none. */
  static String group(Map<String, byte[]> fields) {
    return text(fields, GROUP);
  }

  /** The letter id in these fields. */
  static String letterId(Map<String, byte[]> fields) {
    return text(fields, LETTER);
  }

  /**
   * The dead letter in these fields, its event read with {@code wire}.
   *
   * @throws RuntimeException if they cannot be read: an event that is no event of {@code wire}
   *     ({@code EventDecodingException}), a missing or malformed field, a rejected entry
   */
  static DeadLetter letter(Map<String, byte[]> fields, CloudEvents wire) {
    if (isRejected(fields)) {
      throw new IllegalArgumentException("entry " + letterId(fields) + " is a rejected entry, not"
          + " a dead letter");
    }
    byte[] event = fields.get(EVENT);
    if (event == null) {
      throw new IllegalArgumentException("the " + EVENT + " field is missing");
    }
    return new DeadLetter(letterId(fields), wire.fromJson(event), text(fields, SUBSCRIBER),
        DeadLetter.Reason.valueOf(text(fields, REASON)), text(fields, ERROR_TYPE),
        text(fields, ERROR), text(fields, STACK), Integer.parseInt(text(fields, ATTEMPTS)),
        Instant.parse(text(fields, FIRST)), Instant.parse(text(fields, LAST)));
  }

  /** The rejected entry in these fields. */
  static RejectedEntry rejectedEntry(Map<String, byte[]> fields) {
    return new RejectedEntry(letterId(fields), group(fields), text(fields, STREAM),
        text(fields, ENTRY), text(fields, TYPE), text(fields, ERROR), fields.get(EVENT),
        Instant.parse(text(fields, LAST)));
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  /** The field {@code name} as text, or null if it is absent. */
  static String text(Map<String, byte[]> fields, String name) {
    byte[] value = fields.get(name);
    return value == null ? null : new String(value, UTF_8);
  }

  private static void putIfPresent(Map<String, byte[]> fields, String name, String value) {
    if (value != null) {
      fields.put(name, bytes(value));
    }
  }
}
