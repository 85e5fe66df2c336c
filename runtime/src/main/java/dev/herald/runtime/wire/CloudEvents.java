package dev.herald.runtime.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDecodingException;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.internal.Envelopes;
import dev.herald.runtime.internal.Excerpt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Envelopes as CloudEvents 1.0 JSON (structured mode), one event or a batch. The payload goes in
 * {@code data}, written and read by its generated codec; Herald's metadata travels as the extension
 * attributes {@code eventversion}, {@code correlationid}, {@code causationid} and {@code tenantid}, and
 * envelope headers as further extension attributes.
 *
 * <pre>{@code
 * CloudEvents wire = CloudEvents.of(bus.events());
 * byte[] json = wire.toJson(envelope);
 * Envelope<?> back = wire.fromJson(json);     // EventDecodingException if anything is wrong
 * }</pre>
 *
 * <p><b>What decoding accepts</b>, exactly; anything else is an {@link EventDecodingException}
 * naming the event, the field (a JSON path) and the position, bounded by {@link JsonLimits}:
 *
 * <ul>
 *   <li>one JSON object (a batch: one array of them) in strict UTF-8: an overlong form, an encoded
 *       surrogate, a code point above U+10FFFF, a truncated sequence or a stray byte is refused
 *       naming its byte offset (see {@link JsonSupport#fromBytes});
 *   <li>{@code specversion} {@code "1.0"}; {@code id}, {@code source}, {@code type} strings;
 *       {@code time} an RFC 3339 timestamp with a four-digit year (0000 to 9999) and any offset;
 *       {@code data} a JSON value that the contract's generated codec reads (its Javadoc says
 *       what), before or after the attributes; {@code datacontenttype}, if present,
 *       {@code application/json} (with parameters); {@code dataschema} and {@code subject} strings,
 *       read and dropped; no {@code data_base64};
 *   <li>{@code eventversion}: a JSON integer from 1 to 2<sup>31</sup>-1, or a string of exactly
 *       the digits such an integer is written with ({@code "2"}: CloudEvents bindings that carry
 *       extensions as strings, such as HTTP headers, send it so). Not {@code 1e0}, {@code 1.0},
 *       {@code "01"}, {@code "+1"} or {@code " 1"}. Absent means version 1. It picks the contract
 *       of that version of {@code type}; a version newer than this service knows is refused;
 *   <li>{@code correlationid}, {@code causationid}, {@code tenantid} strings; any other member is
 *       an extension attribute, a string, number, boolean or {@code null}, kept as an envelope
 *       header holding its JSON text ({@code 5}, {@code true}, {@code null} become
 *       {@code "5"}, {@code "true"}, {@code "null"}); a name holding a lone surrogate is
 *       refused. A member named twice keeps its last value.
 * </ul>
 *
 * <p>Versions: {@code eventversion} picks the contract, and so the codec, that reads {@code data}.
 * A document of an older version than the newest one of its event is then carried to the newest,
 * through the {@code @Upcast} methods (and generated copies) compiled with the contracts, so that
 * stores, dead letters and transports hand listeners of the newest version what older code wrote.
 * The envelope keeps its id, time, source, correlation, tenant and headers; its key, and so its
 * {@code eventversion}, is the newest. {@link #asWritten()} decodes documents as they were written.
 *
 * <p><b>What encoding refuses</b>, so that it never writes a document that decoding would refuse
 * or read differently: an envelope {@code time} outside four-digit years (the same problem text
 * as decoding gives), a header named like one of the attributes above (see {@link #isReserved}) or
 * holding a lone surrogate, and whatever the payload's codec refuses. The rule for the exception
 * type is the codecs': {@link NullPointerException} for a {@code null} the contract does not
 * allow, {@link IllegalArgumentException} for any other value that cannot be represented.
 * ({@link #toRedactedJson}, a rendering for people, shows the attributes as they are.)
 *
 * <p>So, for every envelope {@code E} that encodes, {@code fromJson(toJson(E))} equals {@code E}
 * (payloads up to the free-form number classes, see {@link JsonSupport#FREE_FORM}); and for every
 * document {@code D} that decodes, {@code toJson(fromJson(D))} decodes to the same envelope.
 *
 * <p>Messages quote at most {@value dev.herald.runtime.internal.Excerpt#MAX_CHARS} characters of
 * any text from the document, escaped; an unknown {@code type} suggests the closest known names
 * (three at most) instead of listing them all (a catalog of five or fewer is listed). Immutable
 * and thread-safe.
 */
public final class CloudEvents {

  /** The media type of one structured-mode event. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";
  /** The media type of a batch: a JSON array of structured-mode events. */
  public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";
  /** {@code data} of {@link #toRedactedJson} for an event whose payload must not be logged. */
  public static final String WITHHELD = "(withheld: logPayload=false)";

  private static final String SPEC_VERSION = "1.0";
  private static final String DATA_CONTENT_TYPE = "application/json";
  private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type",
      "time", "datacontenttype", "dataschema", "subject", "data", "data_base64", "eventversion",
      "correlationid", "causationid", "tenantid");
  private static final SerializedString SPECVERSION = new SerializedString("specversion");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString SOURCE = new SerializedString("source");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString TIME = new SerializedString("time");
  private static final SerializedString DATACONTENTTYPE = new SerializedString("datacontenttype");
  private static final SerializedString EVENTVERSION = new SerializedString("eventversion");
  private static final SerializedString CORRELATIONID = new SerializedString("correlationid");
  private static final SerializedString CAUSATIONID = new SerializedString("causationid");
  private static final SerializedString TENANTID = new SerializedString("tenantid");
  private static final SerializedString DATA = new SerializedString("data");
  private static final SerializedString SPEC_VERSION_VALUE = new SerializedString(SPEC_VERSION);
  private static final SerializedString DATA_CONTENT_TYPE_VALUE =
      new SerializedString(DATA_CONTENT_TYPE);
  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the seconds of RFC 3339's years. */
  private static final long FIRST_SECOND = -62_167_219_200L;
  private static final long LAST_SECOND = 253_402_300_799L;
  /** How many close names an unknown-type error suggests. */
  private static final int SUGGESTIONS = 3;
  /** Up to how many known names an unknown-type error lists when none is close. */
  private static final int LISTED = 5;

  /** Each event name's contracts, oldest version first. */
  private final Map<String, List<EventKey<?>>> contracts;
  private final JsonLimits limits;
  /** Whether documents of older versions are carried to the newest version on decode. */
  private final boolean upcasting;

  private CloudEvents(
      Map<String, List<EventKey<?>>> contracts, JsonLimits limits, boolean upcasting) {
    this.contracts = contracts;
    this.limits = limits;
    this.upcasting = upcasting;
  }

  /** A wire format for these contracts, e.g. {@code CloudEvents.of(bus.events())}. */
  public static CloudEvents of(Collection<? extends EventKey<?>> keys) {
    Map<String, List<EventKey<?>>> byName = new HashMap<>();
    for (EventKey<?> key : keys) {
      byName.computeIfAbsent(key.name(), n -> new ArrayList<>(1)).add(key);
    }
    byName.replaceAll((name, versions) -> {
      versions.sort(Comparator.comparingInt(EventKey::version));
      return List.copyOf(versions);
    });
    return new CloudEvents(Map.copyOf(byName), JsonLimits.defaults(), true);
  }

  /**
   * A wire format for every contract on the class path: the catalogs {@link java.util.ServiceLoader}
   * finds through the thread's context class loader, as {@code EventBus.builder()} does.
   */
  public static CloudEvents discover() {
    List<EventKey<?>> keys = new ArrayList<>();
    java.util.ServiceLoader.load(dev.herald.runtime.generated.Catalog.class,
            Thread.currentThread().getContextClassLoader())
        .forEach(catalog -> catalog.events().forEach(event -> keys.add(event.key())));
    new dev.herald.runtime.events.HeraldCatalog().events().forEach(e -> {
      if (!keys.contains(e.key())) {
        keys.add(e.key());
      }
    });
    return of(keys);
  }

  /** The same wire format with other decoding limits. */
  public CloudEvents withLimits(JsonLimits newLimits) {
    return new CloudEvents(contracts, Objects.requireNonNull(newLimits, "limits"), upcasting);
  }

  /**
   * The same wire format, except that it decodes a document of an older version as that version,
   * without upcasting it: for tools that inspect or migrate stored documents.
   */
  public CloudEvents asWritten() {
    return new CloudEvents(contracts, limits, false);
  }

  // ---------------------------------------------------------------- writing

  /** One event as a structured-mode document, {@link #CONTENT_TYPE}. */
  public byte[] toJson(Envelope<?> envelope) {
    return JsonSupport.toBytes(ONE, envelope);
  }

  /** A batch, {@link #BATCH_CONTENT_TYPE}: a JSON array of events. */
  public byte[] toJsonBatch(List<? extends Envelope<?>> envelopes) {
    return JsonSupport.toBytes(BATCH, List.copyOf(envelopes));
  }

  /** Writes one event where a JSON value may go, e.g. inside a document of the caller's. */
  public void write(JsonGenerator generator, Envelope<?> envelope) throws IOException {
    writeEnvelope(generator, envelope, false);
  }

  /**
   * The event as people may see it, in logs, history and dead-letter views: the same CloudEvents
   * JSON as {@link #toJson}, except for {@code data}.
   *
   * <ul>
   *   <li>If the event's contract says {@link EventDescriptor#logPayload() logPayload = false},
   *       {@code data} is the string {@value #WITHHELD}: the payload is not rendered at all.
   *   <li>Otherwise {@code data} is the payload with every {@code @Sensitive} component, at any
   *       depth, replaced by the string {@code "***"} (whatever its value, {@code null} included);
   *       see {@link JsonSupport#redacting}. The generated codecs do this, without reflection.
   * </ul>
   *
   * <p>The attributes and extension attributes (id, type, source, correlation id, tenant, headers)
   * are rendered as they are. Never use this for the wire: the result does not decode to the event.
   */
  public String toRedactedJson(Envelope<?> envelope) {
    return new String(JsonSupport.toBytes(REDACTED_ONE, envelope), StandardCharsets.UTF_8);
  }

  /** Writes {@link #toRedactedJson}'s rendering of one event where a JSON value may go. */
  public void writeRedacted(JsonGenerator generator, Envelope<?> envelope) throws IOException {
    writeEnvelope(generator, envelope, true);
  }

  private static final JsonCodec<Envelope<?>> ONE = new JsonCodec<>() {
    @Override
    public void write(JsonGenerator generator, Envelope<?> envelope) throws IOException {
      writeEnvelope(generator, envelope, false);
    }

    @Override
    public Envelope<?> read(JsonParser parser) {
      throw new UnsupportedOperationException("write only");
    }
  };

  private static final JsonCodec<Envelope<?>> REDACTED_ONE = new JsonCodec<>() {
    @Override
    public void write(JsonGenerator generator, Envelope<?> envelope) throws IOException {
      writeEnvelope(generator, envelope, true);
    }

    @Override
    public Envelope<?> read(JsonParser parser) {
      throw new UnsupportedOperationException("write only");
    }
  };

  private static final JsonCodec<List<Envelope<?>>> BATCH = new JsonCodec<>() {
    @Override
    public void write(JsonGenerator generator, List<Envelope<?>> envelopes) throws IOException {
      generator.writeStartArray();
      for (Envelope<?> envelope : envelopes) {
        writeEnvelope(generator, envelope, false);
      }
      generator.writeEndArray();
    }

    @Override
    public List<Envelope<?>> read(JsonParser parser) {
      throw new UnsupportedOperationException("write only");
    }
  };

  @SuppressWarnings("unchecked") // an envelope's payload is of its key's type
  private static void writeEnvelope(JsonGenerator generator, Envelope<?> envelope,
      boolean redacted) throws IOException {
    // The attributes in a method of their own: C2 then spends its inlining budget on each part
    // separately instead of running out inside the payload's codec.
    writeAttributes(generator, envelope, !redacted);
    generator.writeFieldName(DATA);
    JsonCodec<Record> codec = (JsonCodec<Record>) envelope.key().codec();
    if (!redacted) {
      codec.write(generator, (Record) envelope.payload());
    } else if (envelope.key().descriptor().logPayload()) {
      codec.write(JsonSupport.redacting(generator), (Record) envelope.payload());
    } else {
      generator.writeString(WITHHELD);
    }
    generator.writeEndObject();
  }

  /**
   * Starts the event's object and writes every attribute but {@code data}. {@code checked}: for
   * the wire, refusing what decoding would refuse; a rendering for people shows what there is.
   */
  private static void writeAttributes(JsonGenerator generator, Envelope<?> envelope,
      boolean checked) throws IOException {
    generator.writeStartObject();
    generator.writeFieldName(SPECVERSION);
    generator.writeString(SPEC_VERSION_VALUE);
    generator.writeFieldName(ID);
    generator.writeString(envelope.id());
    generator.writeFieldName(SOURCE);
    generator.writeString(envelope.source());
    generator.writeFieldName(TYPE);
    generator.writeString(envelope.type());
    generator.writeFieldName(TIME);
    if (checked) {
      writeTime(generator, envelope.time());
    } else {
      JsonSupport.writeInstant(generator, envelope.time());
    }
    generator.writeFieldName(DATACONTENTTYPE);
    generator.writeString(DATA_CONTENT_TYPE_VALUE);
    generator.writeFieldName(EVENTVERSION);
    generator.writeNumber(envelope.version());
    writeOptional(generator, CORRELATIONID, envelope.correlationId());
    writeOptional(generator, CAUSATIONID, envelope.causationId());
    writeOptional(generator, TENANTID, envelope.tenantId());
    Map<String, String> headers = envelope.headers();
    if (!headers.isEmpty()) {
      for (Map.Entry<String, String> header : headers.entrySet()) {
        generator.writeStringField(checked ? headerName(header.getKey()) : header.getKey(),
            header.getValue());
      }
    }
  }

  /** RFC 3339 has four-digit years: a time outside them is refused, as decoding refuses it. */
  private static void writeTime(JsonGenerator generator, Instant time) throws IOException {
    long seconds = time.getEpochSecond();
    if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
      throw new IllegalArgumentException("Cannot encode the envelope's time: " + timeProblem(
          Excerpt.quote(time.toString())));
    }
    JsonSupport.writeInstant(generator, time);
  }

  /** The problem of a time outside RFC 3339, the same text for encoding and decoding. */
  private static String timeProblem(String quotedTime) {
    return "time " + quotedTime + " is not an RFC 3339 timestamp, whose years have four digits"
        + " (0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z)";
  }

  /**
   * A header's name, unless the document could not carry it back: an attribute this format writes
   * itself, or a lone surrogate (the same rule as for map keys).
   */
  private static String headerName(String name) {
    if (ATTRIBUTES.contains(name)) {
      throw new IllegalArgumentException("Cannot encode header " + Excerpt.quote(name)
          + ": it is a CloudEvents attribute this format writes itself; rename the header");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < name.length()
              && Character.isLowSurrogate(name.charAt(++i)))) {
        throw new IllegalArgumentException("Cannot encode header " + Excerpt.quote(name)
            + ": its name holds a lone surrogate, which a JSON field name cannot carry; use"
            + " well-formed UTF-16 names");
      }
    }
    return name;
  }

  private static void writeOptional(JsonGenerator generator, SerializedString name, String value)
      throws IOException {
    if (value != null) {
      generator.writeFieldName(name);
      generator.writeString(value);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Decodes one event.
   *
   * @throws EventDecodingException naming the event, the field and the position of the problem
   */
  public Envelope<?> fromJson(byte[] json) {
    Reader reader = new Reader(null);
    Envelope<?> envelope = decode(reader.single(), json);
    if (reader.deferred.isEmpty()) {
      return envelope;
    }
    // The data came before the attributes that say how to read it: read again, knowing.
    return decode(new Reader(reader.deferred).single(), json);
  }

  /** Decodes a batch, {@link #BATCH_CONTENT_TYPE}. */
  public List<Envelope<?>> fromJsonBatch(byte[] json) {
    Reader reader = new Reader(null);
    List<Envelope<?>> envelopes = decode(reader.batch(), json);
    if (reader.deferred.isEmpty()) {
      return envelopes;
    }
    return decode(new Reader(reader.deferred).batch(), json);
  }

  private <T> T decode(JsonCodec<T> codec, byte[] json) {
    return JsonSupport.fromBytes(codec, Objects.requireNonNull(json, "json"), limits);
  }

  /**
   * Reads envelopes. On a first pass, data that precedes its {@code type} is skipped and the keys
   * learned are kept in {@link #deferred}, by position, for a second pass that knows them.
   */
  private final class Reader {
    private final Map<Integer, EventKey<?>> known;
    final Map<Integer, EventKey<?>> deferred = new LinkedHashMap<>();

    Reader(Map<Integer, EventKey<?>> known) {
      this.known = known;
    }

    JsonCodec<Envelope<?>> single() {
      return readOnly(parser -> readEnvelope(parser, 0, "$"));
    }

    JsonCodec<List<Envelope<?>>> batch() {
      return readOnly(parser -> {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
          throw JsonSupport.unexpected(parser, "a JSON array of CloudEvents (a batch)");
        }
        List<Envelope<?>> envelopes = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          int index = envelopes.size();
          envelopes.add(readEnvelope(parser, index, "$[" + index + "]"));
        }
        return envelopes;
      });
    }

    private Envelope<?> readEnvelope(JsonParser parser, int index, String path)
        throws IOException {
      Attributes attributes = new Attributes();
      try {
        return readAttributes(parser, index, path, attributes);
      } catch (EventDecodingException e) {
        throw attributes.type == null ? e : e.forEvent(attributes.type);
      }
    }

    private Envelope<?> readAttributes(JsonParser parser, int index, String path,
        Attributes attributes) throws IOException {
      JsonSupport.startObject(parser);
      EventKey<?> dataKey = null;
      Object payload = null;
      JsonLocation dataLocation = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        switch (name) {
          case "specversion" -> {
            String version = text(parser);
            if (!SPEC_VERSION.equals(version)) {
              throw JsonSupport.failure(parser, "specversion " + Excerpt.quote(version)
                  + " is not supported; Herald reads CloudEvents 1.0");
            }
            attributes.specversion = version;
          }
          case "id" -> attributes.id = text(parser);
          case "source" -> attributes.source = text(parser);
          case "type" -> {
            attributes.type = text(parser);
            attributes.typeLocation = parser.currentTokenLocation();
          }
          case "time" -> attributes.time = instant(parser);
          case "datacontenttype" -> {
            String type = text(parser);
            if (!type.startsWith(DATA_CONTENT_TYPE)) {
              throw JsonSupport.failure(parser, "datacontenttype " + Excerpt.quote(type)
                  + " is not supported; Herald events carry " + DATA_CONTENT_TYPE);
            }
          }
          case "eventversion" -> {
            attributes.version = version(parser);
            attributes.versionSeen = true;
          }
          case "correlationid" -> attributes.correlationId = text(parser);
          case "causationid" -> attributes.causationId = text(parser);
          case "tenantid" -> attributes.tenantId = text(parser);
          case "data_base64" -> throw JsonSupport.failure(parser,
              "binary data (data_base64) is not supported; Herald events carry JSON data");
          case "data" -> {
            dataLocation = parser.currentTokenLocation();
            dataKey = known != null ? known.get(index) : null;
            if (dataKey == null && attributes.type != null && attributes.versionSeen) {
              dataKey = resolve(attributes, parser);
            }
            if (dataKey == null) {
              parser.skipChildren(); // read it on the second pass
            } else {
              if (parser.currentToken() == JsonToken.VALUE_NULL) {
                throw JsonSupport.failure(parser, "data is null; an event needs its payload");
              }
              payload = dataKey.codec().read(parser);
            }
          }
          case "dataschema", "subject" -> text(parser);
          default -> {
            if (!parser.currentToken().isScalarValue()) {
              throw JsonSupport.failure(parser, "extension attribute " + Excerpt.quote(name)
                  + " must be a string, number or boolean");
            }
            attributes.headers.put(name, parser.getText());
          }
        }
      }
      requirePresent(parser, attributes.specversion, "specversion");
      requirePresent(parser, attributes.id, "id");
      requirePresent(parser, attributes.source, "source");
      requirePresent(parser, attributes.type, "type");
      requirePresent(parser, attributes.time, "time");
      if (dataLocation == null) {
        throw JsonSupport.missing(parser, "data");
      }
      EventKey<?> key = resolve(attributes, parser);
      if (payload == null || dataKey != key) {
        deferred.put(index, key);
        return null;
      }
      return envelope(key, payload, attributes);
    }

    /** The contract for the attributes' type and version, or a failure pointing at the type. */
    private EventKey<?> resolve(Attributes attributes, JsonParser parser) {
      List<EventKey<?>> versions = contracts.get(attributes.type);
      if (versions == null) {
        throw at(attributes, "$.type", "unknown event type " + Excerpt.quote(attributes.type)
            + closest(attributes.type) + " Add the contracts jar that declares it, or route the"
            + " event elsewhere");
      }
      for (EventKey<?> key : versions) {
        if (key.version() == attributes.version) {
          return key;
        }
      }
      int newest = versions.get(versions.size() - 1).version();
      String problem = attributes.version > newest
          ? "eventversion " + attributes.version + " of " + Excerpt.quote(attributes.type)
              + " is newer than"
              + " this service's contracts (up to version " + newest + "); upgrade the contracts"
              + " jar before consuming it"
          : "no contract for version " + attributes.version + " of "
              + Excerpt.quote(attributes.type) + "; this service knows versions "
              + versions.stream().map(k -> String.valueOf(k.version())).toList();
      throw at(attributes, "$.eventversion", problem);
    }

    /**
     * The known names closest to {@code type} ({@value #SUGGESTIONS} at most), as a sentence
     * fragment; none for a type too long to be a misspelling (which also bounds the work). With
     * nothing close, a catalog of up to {@value #LISTED} names is listed, a larger one counted.
     */
    private String closest(String type) {
      List<String> close = type.length() > 2 * Excerpt.MAX_CHARS
          ? List.of() : TypoDistance.closest(type, contracts.keySet(), SUGGESTIONS);
      if (!close.isEmpty()) {
        return "; did you mean " + quoted(close) + "?";
      }
      if (contracts.size() <= LISTED) {
        return "; this service knows " + quoted(contracts.keySet().stream().sorted().toList())
            + ".";
      }
      return "; this service knows " + contracts.size() + " event types, none close to it.";
    }

    private static String quoted(List<String> names) {
      return String.join(", ", names.stream().map(Excerpt::quote).toList());
    }

    private EventDecodingException at(Attributes attributes, String field, String problem) {
      JsonLocation location = attributes.typeLocation;
      return new EventDecodingException(attributes.type, field,
          location == null ? -1 : location.getLineNr(),
          location == null ? -1 : location.getColumnNr(),
          location == null ? -1 : location.getByteOffset(), problem, null);
    }
  }

  /**
   * The envelope of a decoded payload: of the newest version of its event when upcasting, else of
   * the version it was written in.
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // payload was decoded by this key's codec
  private Envelope<?> envelope(EventKey<?> written, Object decoded, Attributes attributes) {
    EventKey<?> key = written;
    Record payload = (Record) decoded;
    if (upcasting && written.upcasts()) {
      payload = upcast((EventKey) written, payload, attributes);
      key = versionOf(written, payload);
    }
    return Envelope.builder((EventKey) key, payload)
        .id(attributes.id)
        .time(attributes.time)
        .source(attributes.source)
        .correlationId(attributes.correlationId)
        .causationId(attributes.causationId)
        .tenantId(attributes.tenantId)
        .headers(attributes.headers)
        .build();
  }

  /** The contract of an upcast payload: the newest version its upcasters' compilation knows. */
  private EventKey<?> versionOf(EventKey<?> written, Record upcast) {
    for (EventKey<?> key : contracts.get(written.name())) {
      if (key.payloadType() == upcast.getClass()) {
        return key;
      }
    }
    throw new IllegalStateException("The @Upcast chain of " + written + " ends in "
        + upcast.getClass().getName() + ", which is not among these contracts; build the"
        + " CloudEvents with every version of \"" + written.name()
        + "\", e.g. from EventMap.keys()");
  }

  private static <T extends Record> Record upcast(
      EventKey<T> written, T payload, Attributes attributes) {
    try {
      return written.upcast(payload);
    } catch (RuntimeException e) {
      throw new EventDecodingException(attributes.type, "$.data", -1, -1, -1,
          "upcasting version " + written.version() + " to the newest version failed: " + e, e);
    }
  }

  /** The attributes of one event as they are read. */
  private static final class Attributes {
    String specversion;
    String id;
    String source;
    String type;
    JsonLocation typeLocation;
    Instant time;
    int version = 1;
    boolean versionSeen;
    String correlationId;
    String causationId;
    String tenantId;
    final Map<String, String> headers = new LinkedHashMap<>();
  }

  private interface ReadFunction<T> {
    T read(JsonParser parser) throws IOException;
  }

  private static <T> JsonCodec<T> readOnly(ReadFunction<T> function) {
    return new JsonCodec<>() {
      @Override
      public void write(JsonGenerator generator, T value) {
        throw new UnsupportedOperationException("read only");
      }

      @Override
      public T read(JsonParser parser) throws IOException {
        return function.read(parser);
      }
    };
  }

  private static String text(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw JsonSupport.unexpected(parser, "a string");
    }
    return parser.getText();
  }

  private static Instant instant(JsonParser parser) throws IOException {
    String text = text(parser);
    Instant utc = JsonSupport.parseUtc(text);
    if (utc != null) {
      return utc;
    }
    // java.time also reads signed years of more than four digits (+10000-01-01...): not RFC 3339.
    if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
      try {
        Instant time = java.time.OffsetDateTime.parse(text).toInstant();
        if (time.getEpochSecond() >= FIRST_SECOND && time.getEpochSecond() <= LAST_SECOND) {
          return time;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw JsonSupport.failure(parser, timeProblem(Excerpt.quote(text)));
  }

  /** See the class Javadoc for the rule. */
  private static int version(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    String text = parser.getText();
    if ((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING)
        && isCanonicalVersion(text)) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        // above 2^31 - 1: reported below
      }
    }
    throw JsonSupport.failure(parser, "eventversion must be a JSON integer from 1 to 2147483647"
        + " (or a string of its decimal digits, without sign, exponent or leading zeros), found "
        + (token == JsonToken.VALUE_STRING ? Excerpt.quote(text)
            : Excerpt.bounded(text == null ? "nothing" : text, Excerpt.MAX_CHARS)));
  }

  /** {@code [1-9][0-9]*}: the digits a JSON integer of at least 1 is written with. */
  private static boolean isCanonicalVersion(String text) {
    if (text == null || text.isEmpty() || text.length() > 10 || text.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void requirePresent(JsonParser parser, Object value, String attribute) {
    if (value == null) {
      throw JsonSupport.missing(parser, attribute);
    }
  }

  /**
   * Whether {@code name} is one of the attributes this format writes or reads itself, and so cannot
   * be an envelope header.
   */
  public static boolean isReserved(String name) {
    return ATTRIBUTES.contains(name);
  }
}
