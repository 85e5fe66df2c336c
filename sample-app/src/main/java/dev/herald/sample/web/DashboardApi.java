package dev.herald.sample.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.MetricsSnapshot;
import dev.herald.web.BridgeMetrics;
import dev.herald.web.WebBridge;
import dev.herald.web.WebPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The dashboard's JSON endpoints: {@code POST /api/login}, {@code GET /api/hotels},
 * {@code GET /api/dead-letters}, {@code POST /api/dead-letters/replay?id=}, {@code GET /api/health}.
 * All but the first two need the session's bearer token and see only its hotel.
 */
final class DashboardApi extends Handler.Abstract {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final LiveDashboard dashboard;
  private final WebBridge bridge;

  DashboardApi(LiveDashboard dashboard, WebBridge bridge) {
    this.dashboard = dashboard;
    this.bridge = bridge;
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    boolean post = HttpMethod.POST.is(request.getMethod());
    if (path.equals("/api/hotels")) {
      return reply(response, callback, 200, json -> {
        json.writeStartArray();
        for (String hotel : dashboard.hotels()) {
          json.writeString(hotel);
        }
        json.writeEndArray();
      });
    }
    if (path.equals("/api/login") && post) {
      Fields form = Request.getParameters(request);
      Optional<String> token = dashboard.signIn(form.getValue("hotel"), form.getValue("name"),
          form.getValue("passcode"));
      if (token.isEmpty()) {
        return error(response, callback, 401, "unknown hotel, empty name or wrong passcode");
      }
      return reply(response, callback, 200, json -> {
        json.writeStartObject();
        json.writeStringField("token", token.get());
        json.writeStringField("hotel", form.getValue("hotel"));
        json.writeEndObject();
      });
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    Optional<WebPrincipal> principal = dashboard.session(
        header != null && header.startsWith("Bearer ") ? header.substring(7) : null);
    if (principal.isEmpty()) {
      return error(response, callback, 401, "sign in first");
    }
    String hotel = principal.get().tenant();
    return switch (path) {
      case "/api/dead-letters" -> reply(response, callback, 200, json -> letters(json, hotel));
      case "/api/dead-letters/replay" -> post
          ? replay(response, callback, hotel, Request.extractQueryParameters(request).getValue("id"))
          : error(response, callback, 405, "POST to replay");
      case "/api/health" -> reply(response, callback, 200, json -> health(json, hotel));
      default -> error(response, callback, 404, "no such endpoint: " + path);
    };
  }

  private void letters(JsonGenerator json, String hotel) throws IOException {
    json.writeStartArray();
    for (DeadLetter letter : dashboard.bus().deadLetters().list(DeadLetterQuery.all().limit(100))) {
      if (!hotel.equals(letter.envelope().tenantId())) {
        continue;
      }
      json.writeStartObject();
      json.writeStringField("id", letter.id());
      json.writeStringField("type", letter.envelope().type());
      json.writeStringField("eventId", letter.envelope().id());
      json.writeStringField("subscriber", letter.subscriber());
      json.writeStringField("error", letter.errorMessage());
      json.writeNumberField("attempts", letter.attempts());
      json.writeStringField("lastFailure", letter.lastFailure().toString());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private boolean replay(Response response, Callback callback, String hotel, String id) {
    Optional<DeadLetter> letter = id == null ? Optional.empty()
        : dashboard.bus().deadLetters().get(id)
            .filter(l -> Objects.equals(hotel, l.envelope().tenantId()));
    if (letter.isEmpty()) {
      return error(response, callback, 404, "no dead letter " + id + " in " + hotel);
    }
    boolean delivered;
    String problem = null;
    try {
      delivered = dashboard.bus().replay(letter.get());
    } catch (IllegalStateException e) {
      delivered = false;
      problem = e.getMessage();
    }
    boolean ok = delivered;
    String message = problem;
    return reply(response, callback, 200, json -> {
      json.writeStartObject();
      json.writeBooleanField("delivered", ok);
      if (message != null) {
        json.writeStringField("message", message);
      }
      json.writeEndObject();
    });
  }

  private void health(JsonGenerator json, String hotel) throws IOException {
    Health health = dashboard.bus().health();
    MetricsSnapshot metrics = dashboard.bus().metrics().snapshot();
    BridgeMetrics web = bridge.metrics();
    json.writeStartObject();
    json.writeStringField("status", health.status().name());
    json.writeObjectFieldStart("components");
    for (Map.Entry<String, Health.Component> component : health.components().entrySet()) {
      json.writeStringField(component.getKey(), component.getValue().status() + ": "
          + component.getValue().reason());
    }
    json.writeStringField("web-bridge", bridge.health().status() + ": "
        + bridge.health().reason());
    json.writeEndObject();
    MetricsSnapshot.Counts counts = metrics.tenant(hotel);
    json.writeObjectFieldStart("hotel");
    json.writeNumberField("published", counts.published());
    json.writeNumberField("delivered", counts.delivered());
    json.writeNumberField("failed", counts.failed());
    json.writeNumberField("retried", counts.retried());
    json.writeNumberField("deadLettered", counts.deadLettered());
    json.writeEndObject();
    json.writeObjectFieldStart("bridge");
    json.writeNumberField("clients", web.connectedClients());
    json.writeNumberField("messagesOut", web.messagesOut());
    json.writeNumberField("messagesIn", web.messagesIn());
    json.writeNumberField("dropped", web.dropped());
    json.writeNumberField("buffered", web.bufferedNow());
    json.writeEndObject();
    json.writeNumberField("queueDepth", metrics.queueDepth());
    json.writeEndObject();
  }

  private static boolean error(Response response, Callback callback, int status, String message) {
    return reply(response, callback, status, json -> {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    });
  }

  private static boolean reply(Response response, Callback callback, int status, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      body.write(json);
    } catch (IOException e) {
      Response.writeError(response.getRequest(), response, callback, 500, e.getMessage());
      return true;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
    return true;
  }
}
