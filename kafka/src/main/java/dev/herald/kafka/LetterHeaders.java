package dev.herald.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.wire.CloudEvents;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter as a record of a dead-letter topic, and back. The key is the letter id (so that a
 * purge is a tombstone of that key, which compaction honours), the value the event as CloudEvents
 * JSON, and everything else headers named {@code herald.dlt.*}: the group, subscriber, reason, the
 * error's type, message and stack trace, attempts, failure times and, for a record that failed
 * here, its origin (topic, partition, offset). A {@linkplain #rejected rejected record} keeps the
 * value and headers it came with, and the reason {@value #REJECTED}.
 */
final class LetterHeaders {

  static final String PREFIX = "herald.dlt.";
  static final String GROUP = PREFIX + "group";
  static final String SUBSCRIBER = PREFIX + "subscriber";
  static final String REASON = PREFIX + "reason";
  static final String ERROR_TYPE = PREFIX + "error-type";
  static final String ERROR = PREFIX + "error";
  static final String STACK = PREFIX + "stacktrace";
  static final String ATTEMPTS = PREFIX + "attempts";
  static final String FIRST = PREFIX + "first";
  static final String LAST = PREFIX + "last";
  static final String TYPE = PREFIX + "type";
  static final String TOPIC = PREFIX + "original-topic";
  static final String PARTITION = PREFIX + "original-partition";
  static final String OFFSET = PREFIX + "original-offset";
  /** The reason of a record that was not a decodable event of this service's contracts. */
  static final String REJECTED = "REJECTED";

  /** Writing needs no contracts: the envelope carries its own key. */
  private static final CloudEvents WRITER = CloudEvents.of(List.of());
  private static final byte[] STRUCTURED_TYPE = CloudEvents.CONTENT_TYPE.getBytes(UTF_8);

  private LetterHeaders() {}

  /**
   * The record of {@code letter}, dead-lettered for {@code group} ("" for none) into
   * {@code deadLetterTopic}; {@code origin} is the record whose delivery failed, or null.
   */
  static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, DeadLetter letter, String group,
      ConsumerRecord<byte[], byte[]> origin) {
    Headers headers = new RecordHeaders();
    headers.add(RecordCodec.CONTENT_TYPE, STRUCTURED_TYPE);
    put(headers, GROUP, group);
    put(headers, SUBSCRIBER, letter.subscriber());
    put(headers, REASON, letter.reason().name());
    put(headers, ERROR_TYPE, letter.errorType());
    put(headers, ERROR, letter.errorMessage());
    put(headers, STACK, letter.stackTrace());
    put(headers, ATTEMPTS, Integer.toString(letter.attempts()));
    put(headers, FIRST, letter.firstFailure().toString());
    put(headers, LAST, letter.lastFailure().toString());
    put(headers, TYPE, letter.envelope().type());
    if (origin != null) {
      putOrigin(headers, origin);
    }
    return new ProducerRecord<>(deadLetterTopic, null, bytes(letter.id()),
        WRITER.toJson(letter.envelope()), headers);
  }

  /**
   * The record of {@code rejected}, rejected by {@code group} at {@code now} for {@code reason}: its
   * value and headers as they were, and the reason.
   */
  static ProducerRecord<byte[], byte[]> rejected(String deadLetterTopic, String id, String group,
      ConsumerRecord<byte[], byte[]> rejected, String type, String reason, Instant now) {
    Headers headers = new RecordHeaders();
    for (Header header : rejected.headers()) {
      if (!header.key().startsWith(PREFIX)) {
        headers.add(header);
      }
    }
    put(headers, GROUP, group);
    put(headers, SUBSCRIBER, DeadLetter.NO_SUBSCRIBER);
    put(headers, REASON, REJECTED);
    put(headers, ERROR, reason);
    put(headers, ATTEMPTS, "0");
    put(headers, FIRST, now.toString());
    put(headers, LAST, now.toString());
    put(headers, TYPE, type);
    putOrigin(headers, rejected);
    byte[] value = rejected.value() == null ? new byte[0] : rejected.value();
    return new ProducerRecord<>(deadLetterTopic, null, bytes(id), value, headers);
  }

  /** Whether this is the record of a rejected record rather than of a dead letter. */
  static boolean isRejected(ConsumerRecord<byte[], byte[]> record) {
    return REJECTED.equals(text(record, REASON));
  }

  /** The letter id of a dead-letter record, its key. */
  static String letterId(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), UTF_8);
  }

  /**
   * The dead letter in {@code record}, its event read with {@code wire}.
   *
   * @throws RuntimeException if it cannot be read: an event that is no event of {@code wire}
   *     ({@code EventDecodingException}), a missing or malformed header, a rejected record
   */
  static DeadLetter letter(ConsumerRecord<byte[], byte[]> record, CloudEvents wire) {
    if (isRejected(record)) {
      throw new IllegalArgumentException("record " + letterId(record) + " is a rejected record,"
          + " not a dead letter");
    }
    return new DeadLetter(letterId(record), wire.fromJson(record.value()),
        text(record, SUBSCRIBER), DeadLetter.Reason.valueOf(text(record, REASON)),
        text(record, ERROR_TYPE), text(record, ERROR), text(record, STACK),
        Integer.parseInt(text(record, ATTEMPTS)), Instant.parse(text(record, FIRST)),
        Instant.parse(text(record, LAST)));
  }

  /** The rejected record kept in {@code record}. */
  static RejectedRecord rejectedRecord(ConsumerRecord<byte[], byte[]> record) {
    return new RejectedRecord(letterId(record), text(record, GROUP), text(record, TOPIC),
        Integer.parseInt(text(record, PARTITION)), Long.parseLong(text(record, OFFSET)),
        text(record, TYPE), text(record, ERROR), record.value(),
        Instant.parse(text(record, LAST)));
  }

  /** The header {@code name} of {@code record} as text, or null if it is absent. */
  static String text(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
  }

  private static void putOrigin(Headers headers, ConsumerRecord<byte[], byte[]> origin) {
    put(headers, TOPIC, origin.topic());
    put(headers, PARTITION, Integer.toString(origin.partition()));
    put(headers, OFFSET, Long.toString(origin.offset()));
  }

  private static void put(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, bytes(value));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
