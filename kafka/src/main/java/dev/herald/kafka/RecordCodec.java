package dev.herald.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.CloudEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Envelopes as Kafka records and back, after the CloudEvents Kafka protocol binding: the record
 * key is the event's ordering key, the value and headers follow the {@link Encoding}. Reading
 * accepts either encoding. Stateless and thread-safe.
 */
final class RecordCodec {

  /** The header naming the value's media type, as the binding spells it. */
  static final String CONTENT_TYPE = "content-type";
  /** The prefix of a CloudEvents attribute header in binary mode. */
  static final String ATTRIBUTE_PREFIX = "ce_";
  private static final String DATA_CONTENT_TYPE = "application/json";
  private static final byte[] STRUCTURED_TYPE = CloudEvents.CONTENT_TYPE.getBytes(UTF_8);
  private static final byte[] BINARY_TYPE = DATA_CONTENT_TYPE.getBytes(UTF_8);
  /** Writing needs no contracts: the envelope carries its own key. */
  private static final CloudEvents WRITER = CloudEvents.of(List.of());
  private static final JsonFactory JSON = new JsonFactory();

  private final Encoding encoding;

  RecordCodec(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The record of {@code envelope} for {@code topic}. */
  ProducerRecord<byte[], byte[]> toRecord(String topic, Envelope<?> envelope) {
    byte[] json = WRITER.toJson(envelope);
    RecordHeaders headers = new RecordHeaders();
    byte[] value;
    if (encoding == Encoding.STRUCTURED) {
      headers.add(CONTENT_TYPE, STRUCTURED_TYPE);
      value = json;
    } else {
      headers.add(CONTENT_TYPE, BINARY_TYPE);
      value = splitAttributes(json, headers);
    }
    return new ProducerRecord<>(topic, null, recordKey(envelope), value, headers);
  }

  /**
   * The record key: the event's {@code @OrderingKey} value as text, so that each key's events go
   * to one partition, in order. An event without one (or with a null key) is keyed by its id, which
   * spreads its type over the partitions and so over a group's instances: a contract whose events
   * must stay in order across processes declares an ordering key.
   */
  @SuppressWarnings("unchecked")
  static byte[] recordKey(Envelope<?> envelope) {
    EventKey<Record> key = (EventKey<Record>) envelope.key();
    Object ordering = key.orderingKeyOf((Record) envelope.payload());
    return (ordering == key ? envelope.id() : ordering.toString()).getBytes(UTF_8);
  }

  /**
   * The envelope in {@code record}, read with {@code wire}.
   *
   * @throws EventDecodingException if it is no event of these contracts, in either encoding
   */
  static Envelope<?> fromRecord(ConsumerRecord<byte[], byte[]> record, CloudEvents wire) {
    if (record.value() == null) {
      throw new EventDecodingException(typeOf(record), "$", -1, -1, -1,
          "the record has no value (a tombstone), not an event", null);
    }
    Header type = record.headers().lastHeader(CONTENT_TYPE);
    boolean binary = type != null ? !new String(type.value(), UTF_8).startsWith(
        "application/cloudevents") : record.headers().lastHeader("ce_specversion") != null;
    return wire.fromJson(binary ? joinAttributes(record.headers(), record.value()) : record.value());
  }

  /** The event name a record says it carries (binary header or structured attribute), or null. */
  static String typeOf(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(ATTRIBUTE_PREFIX + "type");
    if (header != null) {
      return new String(header.value(), UTF_8);
    }
    if (record.value() == null) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(record.value())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("type") && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      return null; // not JSON: the reason the record is rejected says so
    }
    return null;
  }

  /** Moves the attributes of structured {@code json} to {@code ce_} headers; returns its data. */
  private static byte[] splitAttributes(byte[] json, Headers headers) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      byte[] data = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.equals("data")) {
          ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
          try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
          }
          data = out.toByteArray();
        } else if (!name.equals("datacontenttype")) {
          headers.add(ATTRIBUTE_PREFIX + name, parser.getText().getBytes(UTF_8));
        }
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException("Herald bug: cannot re-read the JSON it wrote", e);
    }
  }

  /** The structured document of a binary-mode record: its {@code ce_} headers and its data. */
  private static byte[] joinAttributes(Headers headers, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 256);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      for (Header header : headers) {
        String key = header.key();
        if (key.startsWith(ATTRIBUTE_PREFIX) && header.value() != null) {
          String name = key.substring(ATTRIBUTE_PREFIX.length());
          String value = new String(header.value(), UTF_8);
          generator.writeFieldName(name);
          if (name.equals("eventversion") && isInteger(value)) {
            generator.writeNumber(value);
          } else {
            generator.writeString(value);
          }
        }
      }
      generator.writeStringField("datacontenttype", DATA_CONTENT_TYPE);
      generator.writeFieldName("data");
      generator.writeRawValue(new String(data, UTF_8));
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Herald bug: cannot write JSON in memory", e);
    }
    return out.toByteArray();
  }

  private static boolean isInteger(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
