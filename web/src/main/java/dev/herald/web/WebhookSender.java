package dev.herald.web;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.wire.CloudEvents;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * Posts events to one endpoint: encodes, signs, sends within the circuit breaker, and turns every
 * outcome but a 2xx answer into a {@link WebhookDeliveryException} for the bus to retry.
 */
final class WebhookSender {

  private static final String USER_AGENT = "herald-webhooks/1";

  private final WebhookEndpoint endpoint;
  private final CircuitBreaker breaker;
  private final HttpClient http;
  private final CloudEvents wire;
  private final Clock clock;
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder notPermitted = new LongAdder();

  WebhookSender(WebhookEndpoint endpoint, CircuitBreaker breaker, HttpClient http,
      CloudEvents wire, Clock clock) {
    this.endpoint = endpoint;
    this.breaker = breaker;
    this.http = http;
    this.wire = wire;
    this.clock = clock;
  }

  WebhookEndpoint endpoint() {
    return endpoint;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** Delivers {@code envelope} once, or throws. */
  void send(Envelope<?> envelope) {
    HttpRequest request = request(envelope);
    try {
      breaker.executeCallable(() -> post(request, envelope));
    } catch (CallNotPermittedException e) {
      notPermitted.increment();
      throw new WebhookDeliveryException(endpoint.name(), 0, "webhook " + endpoint.name()
          + ": circuit breaker " + breaker.getState() + " after failures of " + endpoint.uri()
          + "; not sent, retried later", null);
    } catch (WebhookDeliveryException e) {
      throw e;
    } catch (Exception e) {
      throw new WebhookDeliveryException(endpoint.name(), 0, "webhook " + endpoint.name()
          + " failed: " + e, e);
    }
  }

  private Void post(HttpRequest request, Envelope<?> envelope) throws InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      failed.increment();
      throw new WebhookDeliveryException(endpoint.name(), 0, "webhook " + endpoint.name()
          + " could not post " + envelope.type() + " " + envelope.id() + " to " + endpoint.uri()
          + ": " + e, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      delivered.increment();
      return null;
    }
    WebhookDeliveryException failure = new WebhookDeliveryException(endpoint.name(), status,
        "webhook " + endpoint.name() + " got " + status + " from " + endpoint.uri() + " for "
            + envelope.type() + " " + envelope.id() + ": "
            + HttpAnswers.bounded(response.body()), null);
    (failure.rejected() ? rejected : failed).increment();
    throw failure;
  }

  private HttpRequest request(Envelope<?> envelope) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri())
        .timeout(endpoint.timeout())
        .header("User-Agent", USER_AGENT);
    endpoint.headers().forEach(request::header);
    byte[] body;
    if (endpoint.mode() == WebhookMode.STRUCTURED) {
      body = wire.toJson(envelope);
      request.header("Content-Type", CloudEvents.CONTENT_TYPE + "; charset=utf-8");
    } else {
      body = BinaryBinding.data(envelope);
      request.header("Content-Type", BinaryBinding.DATA_CONTENT_TYPE + "; charset=utf-8");
      BinaryBinding.writeHeaders(envelope, request::header);
    }
    // Signed at each attempt, so that a retry is as fresh as the receiver's tolerance wants.
    request.header(WebhookSignature.HEADER,
        WebhookSignature.sign(endpoint.secret(), clock.instant().getEpochSecond(), body));
    return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }
}
