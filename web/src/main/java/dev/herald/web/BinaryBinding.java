package dev.herald.web;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.runtime.wire.JsonLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The binary mode of the CloudEvents HTTP binding: the attributes as {@code ce-*} headers, the data
 * as the body. Herald's metadata travels as {@code ce-eventversion}, {@code ce-correlationid},
 * {@code ce-causationid}, {@code ce-tenantid}, and envelope headers as further {@code ce-}
 * headers, as in the structured mode's extension attributes. Header values are percent-encoded
 * (UTF-8) where the spec asks: outside printable ASCII, and space, {@code "} and {@code %}.
 */
final class BinaryBinding {

  static final String PREFIX = "ce-";
  static final String DATA_CONTENT_TYPE = "application/json";

  /** Each event name's contracts, oldest version first. */
  private final Map<String, List<EventKey<?>>> contracts;
  private final JsonLimits limits;

  BinaryBinding(List<EventKey<?>> keys, JsonLimits limits) {
    Map<String, List<EventKey<?>>> byName = new HashMap<>();
    for (EventKey<?> key : keys) {
      byName.computeIfAbsent(key.name(), n -> new ArrayList<>()).add(key);
    }
    byName.replaceAll((name, versions) -> versions.stream()
        .sorted(Comparator.comparingInt(EventKey::version)).toList());
    this.contracts = Map.copyOf(byName);
    this.limits = limits;
  }

  // ---------------------------------------------------------------- writing

  /** Hands each {@code ce-*} header of {@code envelope} to {@code headers}. */
  static void writeHeaders(Envelope<?> envelope, BiConsumer<String, String> headers) {
    headers.accept("ce-specversion", "1.0");
    headers.accept("ce-id", encode(envelope.id()));
    headers.accept("ce-source", encode(envelope.source()));
    headers.accept("ce-type", encode(envelope.type()));
    headers.accept("ce-time", envelope.time().toString());
    headers.accept("ce-eventversion", Integer.toString(envelope.version()));
    if (envelope.correlationId() != null) {
      headers.accept("ce-correlationid", encode(envelope.correlationId()));
    }
    if (envelope.causationId() != null) {
      headers.accept("ce-causationid", encode(envelope.causationId()));
    }
    if (envelope.tenantId() != null) {
      headers.accept("ce-tenantid", encode(envelope.tenantId()));
    }
    envelope.headers().forEach((name, value) -> headers.accept(PREFIX + name, encode(value)));
  }

  /** The event's data, the body of a binary-mode request. */
  @SuppressWarnings("unchecked") // an envelope's payload is of its key's type
  static byte[] data(Envelope<?> envelope) {
    return ((EventKey<Record>) envelope.key()).toJson((Record) envelope.payload());
  }

  // ---------------------------------------------------------------- reading

  /** Reads attributes from request headers; {@code names} are the request's header names. */
  interface Headers {
    String get(String name);

    Iterable<String> names();
  }

  /** The contract named by the {@code ce-type} and {@code ce-eventversion} headers. */
  EventKey<?> keyOf(Headers headers) {
    String type = required(headers, "ce-type");
    String version = headers.get("ce-eventversion");
    int number = 1;
    if (version != null) {
      try {
        number = Integer.parseInt(version.trim());
      } catch (NumberFormatException e) {
        number = 0;
      }
      if (number < 1) {
        throw bad(type, "ce-eventversion", "ce-eventversion must be an integer of at least 1,"
            + " found \"" + version + "\"");
      }
    }
    List<EventKey<?>> versions = contracts.get(type);
    if (versions == null) {
      throw bad(type, "ce-type", "unknown event type \"" + type + "\"; this service knows "
          + new TreeSet<>(contracts.keySet()));
    }
    for (EventKey<?> key : versions) {
      if (key.version() == number) {
        return key;
      }
    }
    throw bad(type, "ce-eventversion", "no contract for version " + number + " of \"" + type
        + "\"; this service knows versions " + versions.stream().map(EventKey::version).toList());
  }

  /**
   * Decodes a binary-mode event of contract {@code key} (from {@link #keyOf}); an absent
   * {@code ce-time} (optional in the spec) is {@code now}.
   *
   * @throws EventDecodingException naming the header or the data's field at fault
   */
  Envelope<?> read(EventKey<?> key, Headers headers, byte[] body, Instant now) {
    String type = key.name();
    String specversion = required(headers, "ce-specversion");
    if (!specversion.equals("1.0")) {
      throw bad(type, "ce-specversion", "specversion \"" + specversion
          + "\" is not supported; Herald reads CloudEvents 1.0");
    }
    String id = required(headers, "ce-id");
    String source = required(headers, "ce-source");
    String time = headers.get("ce-time");
    Instant instant = now;
    if (time != null) {
      try {
        instant = OffsetDateTime.parse(decode(time)).toInstant();
      } catch (DateTimeParseException e) {
        throw bad(type, "ce-time", "ce-time \"" + time + "\" is not an RFC 3339 timestamp");
      }
    }
    Map<String, String> extensions = new LinkedHashMap<>();
    for (String name : headers.names()) {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith(PREFIX)) {
        String attribute = lower.substring(PREFIX.length());
        if (!CloudEvents.isReserved(attribute) && !attribute.isEmpty()) {
          extensions.put(attribute, decode(headers.get(name)));
        }
      }
    }
    Record payload;
    try {
      payload = key.fromJson(body, limits);
    } catch (EventDecodingException e) {
      throw e.forEvent(type);
    }
    return envelope(key, payload, id, instant, source, optional(headers, "ce-correlationid"),
        optional(headers, "ce-causationid"), optional(headers, "ce-tenantid"), extensions);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // payload was decoded by this key's codec
  private static Envelope<?> envelope(EventKey<?> key, Record payload, String id, Instant time,
      String source, String correlationId, String causationId, String tenantId,
      Map<String, String> headers) {
    return Envelope.builder((EventKey) key, payload).id(id).time(time).source(source)
        .correlationId(correlationId).causationId(causationId).tenantId(tenantId)
        .headers(headers).build();
  }

  private static String required(Headers headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      throw bad(null, name, "the binary mode needs the " + name + " header");
    }
    return decode(value);
  }

  private static String optional(Headers headers, String name) {
    String value = headers.get(name);
    return value == null ? null : decode(value);
  }

  private static EventDecodingException bad(String type, String header, String problem) {
    return new EventDecodingException(type, header, -1, -1, -1, problem, null);
  }

  // ---------------------------------------------------------------- percent-encoding

  /** Percent-encodes what the spec says a header value may not carry as it is. */
  static String encode(String value) {
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c < 0x7f && c != '"' && c != '%';
    }
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c > ' ' && c < 0x7f && c != '"' && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Undoes {@link #encode}; a {@code %} not followed by two hex digits stays as it is. */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int high = i + 2 < value.length() && c == '%' ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
      if (low >= 0) {
        out.write(high << 4 | low);
        i += 2;
      } else {
        int codePoint = value.codePointAt(i);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
