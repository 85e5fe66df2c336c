package dev.herald.bench.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.herald.bench.EventMap;
import dev.herald.bench.payload.CloudEventDocument;
import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.wire.CloudEvents;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JSON encode and decode, record to UTF-8 bytes and back: the payload alone, and a whole CloudEvents
 * 1.0 envelope. Herald's generated codec ({@code EventKey.toJson/fromJson}, {@code CloudEvents}) vs
 * Jackson databind and avaje-jsonb. Every decoder reads the bytes Herald wrote; the set-up checks that
 * each contender reads them back to the same value, so all do the same work.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class JsonBenchmark {

  OrderPlaced payload;
  Envelope<OrderPlaced> envelope;
  CloudEventDocument document;
  byte[] payloadJson;
  byte[] envelopeJson;

  CloudEvents cloudEvents;
  ObjectMapper mapper;
  JsonType<OrderPlaced> avajePayload;
  JsonType<CloudEventDocument> avajeEnvelope;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    payload = Samples.order(0);
    envelope = Envelope.builder(EventMap.ORDER_PLACED, payload)
        .id("evt_01HZX3V8Q4M2N7P5R6S9T0W1Y2")
        .time(Instant.parse("2024-05-01T12:30:45.987654Z"))
        .source("checkout-service")
        .correlationId("evt_01HZX3V8Q0A1B2C3D4E5F6G7H8")
        .causationId("evt_01HZX3V8Q0A1B2C3D4E5F6G7H8")
        .tenantId("acme-hotels")
        .build();
    document = new CloudEventDocument("1.0", envelope.id(), envelope.source(), envelope.type(),
        envelope.time(), "application/json", envelope.version(), envelope.correlationId(),
        envelope.causationId(), envelope.tenantId(), payload);

    cloudEvents = CloudEvents.of(List.of(EventMap.ORDER_PLACED));
    mapper = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    Jsonb jsonb = Jsonb.builder().build();
    avajePayload = jsonb.type(OrderPlaced.class);
    avajeEnvelope = jsonb.type(CloudEventDocument.class);

    payloadJson = EventMap.ORDER_PLACED.toJson(payload);
    envelopeJson = cloudEvents.toJson(envelope);
    check(payload.equals(mapper.readValue(payloadJson, OrderPlaced.class)), "databind payload");
    check(payload.equals(avajePayload.fromJson(payloadJson)), "avaje payload");
    check(document.equals(mapper.readValue(envelopeJson, CloudEventDocument.class)), "databind envelope");
    check(document.equals(avajeEnvelope.fromJson(envelopeJson)), "avaje envelope");
    check(payload.equals(cloudEvents.fromJson(envelopeJson).payload()), "Herald envelope");
    check(mapper.writeValueAsBytes(payload).length == payloadJson.length, "databind payload size");
    check(avajePayload.toJsonBytes(payload).length == payloadJson.length, "avaje payload size");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Contenders do not agree: " + what);
    }
  }

  /** Sizes of the documents, for the report. */
  public static int[] sizes() throws IOException {
    JsonBenchmark b = new JsonBenchmark();
    b.setUp();
    return new int[] {b.payloadJson.length, b.envelopeJson.length};
  }

  // ------------------------------------------------------------------ payload

  @Benchmark
  public byte[] payloadEncodeHerald() {
    return EventMap.ORDER_PLACED.toJson(payload);
  }

  @Benchmark
  public byte[] payloadEncodeDatabind() throws IOException {
    return mapper.writeValueAsBytes(payload);
  }

  @Benchmark
  public byte[] payloadEncodeAvaje() {
    return avajePayload.toJsonBytes(payload);
  }

  @Benchmark
  public OrderPlaced payloadDecodeHerald() {
    return EventMap.ORDER_PLACED.fromJson(payloadJson);
  }

  @Benchmark
  public OrderPlaced payloadDecodeDatabind() throws IOException {
    return mapper.readValue(payloadJson, OrderPlaced.class);
  }

  @Benchmark
  public OrderPlaced payloadDecodeAvaje() {
    return avajePayload.fromJson(payloadJson);
  }

  // ------------------------------------------------------------------ CloudEvents envelope

  @Benchmark
  public byte[] envelopeEncodeHerald() {
    return cloudEvents.toJson(envelope);
  }

  @Benchmark
  public byte[] envelopeEncodeDatabind() throws IOException {
    return mapper.writeValueAsBytes(document);
  }

  @Benchmark
  public byte[] envelopeEncodeAvaje() {
    return avajeEnvelope.toJsonBytes(document);
  }

  @Benchmark
  public Envelope<?> envelopeDecodeHerald() {
    return cloudEvents.fromJson(envelopeJson);
  }

  @Benchmark
  public CloudEventDocument envelopeDecodeDatabind() throws IOException {
    return mapper.readValue(envelopeJson, CloudEventDocument.class);
  }

  @Benchmark
  public CloudEventDocument envelopeDecodeAvaje() {
    return avajeEnvelope.fromJson(envelopeJson);
  }
}
