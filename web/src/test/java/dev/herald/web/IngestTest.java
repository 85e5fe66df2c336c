package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.web.events.EventMap;
import dev.herald.web.events.NoteAdded;
import dev.herald.web.events.PayrollRun;
import dev.herald.web.events.TaskOpened;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CloudEvents HTTP ingest endpoint over real sockets, in both modes, and its refusals. */
class IngestTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NOTE = "{\"author\":\"ann\",\"text\":\"hello\"}";

  private EventBus bus;
  private CloudEventsIngest ingest;
  private HeraldWebServer server;
  private final List<Envelope<?>> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    bus = EventBus.builder().source("ingest-test").build();
    bus.subscribe("#", heard::add);
    ingest = CloudEventsIngest.builder(bus)
        .acceptMatching("task:*")
        .accept(EventMap.NOTE_ADDED)
        .authenticator(Authenticator.bearer(
            token -> Optional.ofNullable(BridgeFixture.TOKENS.get(token))))
        .maxBodyBytes(4096)
        .build();
    server = HeraldWebServer.builder().port(0).handler("/cloudevents", ingest).start();
  }

  @AfterEach
  void stop() {
    server.close();
    bus.close();
  }

  @Test
  void structuredModeDeliversTheEventAsItIsWithThePrincipalsTenant() throws Exception {
    Envelope<NoteAdded> original = Envelope.builder(EventMap.NOTE_ADDED,
            new NoteAdded("ann", "hello"))
        .id("evt-1").time(Instant.parse("2026-01-02T03:04:05Z")).source("front-desk")
        .correlationId("c-9").build();
    HttpResponse<String> answer = post("alice", CloudEvents.CONTENT_TYPE,
        CloudEvents.of(bus.events()).toJson(original), Map.of());

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.body()).isEqualTo("{\"accepted\":[\"evt-1\"],\"duplicates\":[]}");
    assertThat(heard).hasSize(1);
    Envelope<?> received = heard.get(0);
    assertThat(received.payload()).isEqualTo(new NoteAdded("ann", "hello"));
    assertThat(received.id()).isEqualTo("evt-1");
    assertThat(received.source()).isEqualTo("front-desk");
    assertThat(received.time()).isEqualTo(original.time());
    assertThat(received.correlationId()).isEqualTo("c-9");
    assertThat(received.tenantId()).isEqualTo("grand");
    assertThat(received.headers()).containsEntry("principal", "alice");
    assertThat(ingest.metrics().accepted()).isEqualTo(1);
  }

  @Test
  void binaryModeReadsCeHeadersAndTheDataAsTheBody() throws Exception {
    HttpResponse<String> answer = post("bob", "application/json; charset=utf-8",
        NOTE.getBytes(StandardCharsets.UTF_8), Map.of(
            "ce-specversion", "1.0", "ce-id", "b-1", "ce-source", "kiosk",
            "ce-type", "note:added", "ce-time", "2026-01-02T03:04:05Z",
            "ce-correlationid", "c%20one", "ce-shift", "night"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    Envelope<?> received = heard.get(0);
    assertThat(received.payload()).isEqualTo(new NoteAdded("ann", "hello"));
    assertThat(received.id()).isEqualTo("b-1");
    assertThat(received.source()).isEqualTo("kiosk");
    assertThat(received.correlationId()).isEqualTo("c one");
    assertThat(received.tenantId()).isEqualTo("plaza");
    assertThat(received.headers()).containsEntry("shift", "night")
        .containsEntry("principal", "bob");
  }

  @Test
  void aRedeliveredIdIsAcknowledgedButDeliveredOnce() throws Exception {
    Map<String, String> headers = binaryHeaders("dup-1", "note:added");
    assertThat(post("alice", "application/json", NOTE.getBytes(), headers).statusCode())
        .isEqualTo(202);
    HttpResponse<String> again = post("alice", "application/json", NOTE.getBytes(), headers);

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo("{\"accepted\":[],\"duplicates\":[\"dup-1\"]}");
    assertThat(heard).hasSize(1);
    assertThat(ingest.metrics().duplicates()).isEqualTo(1);
  }

  @Test
  void aBatchIsDeliveredInOrder() throws Exception {
    CloudEvents wire = CloudEvents.of(bus.events());
    List<Envelope<?>> batch = List.of(
        envelope(EventMap.TASK_OPENED, new TaskOpened("t1", 1, "x"), "k-1"),
        envelope(EventMap.NOTE_ADDED, new NoteAdded("a", "b"), "k-2"));
    HttpResponse<String> answer = post("root", CloudEvents.BATCH_CONTENT_TYPE,
        wire.toJsonBatch(batch), Map.of());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    assertThat(heard).extracting(Envelope::id).containsExactly("k-1", "k-2");
  }

  @Test
  void refusesWithoutAPrincipal401() throws Exception {
    HttpResponse<String> answer = post(null, "application/json", NOTE.getBytes(),
        binaryHeaders("x", "note:added"));
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(post("mallory", "application/json", NOTE.getBytes(),
        binaryHeaders("x", "note:added")).statusCode()).isEqualTo(401);
    assertThat(heard).isEmpty();
  }

  @Test
  void refusesATypeNotAcceptedAndAnotherTenantsEvent403() throws Exception {
    HttpResponse<String> payroll = post("alice", "application/json",
        "{\"month\":\"2026-12\"}".getBytes(), binaryHeaders("p", "payroll:run"));
    assertThat(payroll.statusCode()).isEqualTo(403);
    assertThat(payroll.body()).contains("does not accept \\\"payroll:run\\\"");

    Envelope<PayrollRun> structured = envelope(EventMap.PAYROLL_RUN, new PayrollRun("x"), "p2");
    assertThat(post("root", CloudEvents.CONTENT_TYPE,
        CloudEvents.of(bus.events()).toJson(structured), Map.of()).statusCode()).isEqualTo(403);

    Envelope<NoteAdded> plazas = Envelope.builder(EventMap.NOTE_ADDED, new NoteAdded("a", "b"))
        .id("t-1").time(Instant.now()).source("s").tenantId("plaza").build();
    HttpResponse<String> crossTenant = post("alice", CloudEvents.CONTENT_TYPE,
        CloudEvents.of(bus.events()).toJson(plazas), Map.of());
    assertThat(crossTenant.statusCode()).isEqualTo(403);
    assertThat(crossTenant.body()).contains("of tenant \\\"plaza\\\"")
        .contains("alice may send only events of tenant \\\"grand\\\"");
    assertThat(heard).isEmpty();
    assertThat(ingest.metrics().forbidden()).isEqualTo(3);
  }

  @Test
  void badInputGets400WithTheDecodersReasonBounded() throws Exception {
    HttpResponse<String> malformed = post("alice", "application/json",
        "{\"author\":\"ann\"}".getBytes(), binaryHeaders("m", "note:added"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("\"error\":\"invalid-event\"").contains("text");

    HttpResponse<String> unknown = post("alice", "application/json", NOTE.getBytes(),
        binaryHeaders("u", "note:deleted"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown event type \\\"note:deleted\\\"");

    Map<String, String> noId = Map.of("ce-specversion", "1.0", "ce-source", "s",
        "ce-type", "note:added");
    assertThat(post("alice", "application/json", NOTE.getBytes(), noId).body())
        .contains("needs the ce-id header");

    String longType = "x".repeat(5000);
    HttpResponse<String> huge = post("alice", CloudEvents.CONTENT_TYPE, ("{\"specversion\":"
        + "\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"" + longType.substring(0, 3000)
        + "\",\"time\":\"2026-01-01T00:00:00Z\",\"data\":{}}").getBytes(), Map.of());
    assertThat(huge.statusCode()).isEqualTo(400);
    assertThat(huge.body().length()).isLessThan(HttpAnswers.MAX_MESSAGE + 100);
    assertThat(heard).isEmpty();
  }

  @Test
  void refusesOtherMediaTypes415AndLargeBodies413AndOtherMethods405() throws Exception {
    HttpResponse<String> text = post("alice", "text/plain", NOTE.getBytes(), Map.of());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.body()).contains("application/cloudevents+json");
    assertThat(post("alice", "application/json", NOTE.getBytes(), Map.of()).statusCode())
        .as("JSON without ce-specversion is not an event").isEqualTo(415);

    byte[] big = ("{\"author\":\"ann\",\"text\":\"" + "x".repeat(5000) + "\"}").getBytes();
    HttpResponse<String> tooLarge = post("alice", "application/json", big,
        binaryHeaders("big", "note:added"));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("4096 bytes");

    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(uri()).GET()
        .header("Authorization", "Bearer alice").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(heard).isEmpty();
  }

  @Test
  void requiresAGenuineRecentSignatureWhenAskedTo() throws Exception {
    server.close();
    String secret = "0123456789abcdef0123456789abcdef";
    ingest = CloudEventsIngest.builder(bus).accept(EventMap.NOTE_ADDED)
        .authenticator(Authenticator.bearer(
            token -> Optional.ofNullable(BridgeFixture.TOKENS.get(token))))
        .signatures(WebhookVerifier.of(secret).tolerance(Duration.ofSeconds(60)))
        .build();
    server = HeraldWebServer.builder().port(0).handler("/cloudevents", ingest).start();
    byte[] body = NOTE.getBytes();
    long now = Instant.now().getEpochSecond();

    Map<String, String> unsigned = binaryHeaders("s-1", "note:added");
    assertThat(post("alice", "application/json", body, unsigned).statusCode()).isEqualTo(401);
    Map<String, String> stale = new java.util.HashMap<>(unsigned);
    stale.put(WebhookSignature.HEADER, WebhookSignature.sign(secret, now - 3600, body));
    HttpResponse<String> replayed = post("alice", "application/json", body, stale);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("3600 s old");
    assertThat(heard).isEmpty();

    Map<String, String> signed = new java.util.HashMap<>(unsigned);
    signed.put(WebhookSignature.HEADER, WebhookSignature.sign(secret, now, body));
    assertThat(post("alice", "application/json", body, signed).statusCode()).isEqualTo(202);
    assertThat(heard).hasSize(1);
  }

  private static <T extends Record> Envelope<T> envelope(dev.herald.runtime.EventKey<T> key,
      T payload, String id) {
    return Envelope.builder(key, payload).id(id).time(Instant.now()).source("test").build();
  }

  private static Map<String, String> binaryHeaders(String id, String type) {
    return Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "test", "ce-type", type);
  }

  private URI uri() {
    return server.uri("/cloudevents");
  }

  private HttpResponse<String> post(String token, String contentType, byte[] body,
      Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", contentType);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

}
