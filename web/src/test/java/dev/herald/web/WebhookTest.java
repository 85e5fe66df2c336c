package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.web.events.EventMap;
import dev.herald.web.events.NoteAdded;
import dev.herald.web.events.PayrollRun;
import dev.herald.web.events.TaskOpened;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outbound webhooks to a real receiving Jetty server that verifies their signatures. */
class WebhookTest {

  private static final String SECRET = "whsec-0123456789abcdef";
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20),
      Duration.ofMillis(80), 0.5);

  private final EventBus bus = EventBus.builder().source("hotel").build();
  private final WebhookReceiver receiver = new WebhookReceiver(SECRET);
  private Webhooks webhooks;

  @AfterEach
  void stop() {
    if (webhooks != null) {
      webhooks.close();
    }
    bus.close();
    receiver.close();
  }

  private Webhooks webhooks(UnaryOperator<WebhookEndpoint.Builder> options) {
    WebhookEndpoint.Builder endpoint = WebhookEndpoint.builder("crm", receiver.uri())
        .secret(SECRET).eventsMatching("task:*").events(EventMap.NOTE_ADDED).retry(FAST);
    webhooks = Webhooks.builder(bus).endpoint(options.apply(endpoint).build()).build();
    return webhooks;
  }

  @Test
  void postsChosenEventsAsSignedStructuredCloudEvents() {
    webhooks(UnaryOperator.identity());
    bus.publish(new PayrollRun("2026-12"));                                   // not chosen
    Envelope<TaskOpened> sent = bus.publish(new TaskOpened("t1", 7, "Ms Smith"),
        Metadata.builder().tenant("grand").build());

    Eventually.until("one accepted request", () -> receiver.accepted.size() == 1);
    WebhookReceiver.Received received = receiver.accepted.get(0);
    assertThat(received.headers()).containsEntry("content-type",
        "application/cloudevents+json; charset=utf-8");
    assertThat(received.headers().get("herald-signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
    Envelope<?> decoded = CloudEvents.of(bus.events())
        .fromJson(received.body().getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.id()).isEqualTo(sent.id());
    assertThat(decoded.payload()).isEqualTo(sent.payload());       // whole: server to server
    assertThat(decoded.tenantId()).isEqualTo("grand");
    assertThat(receiver.badSignatures).hasValue(0);
    // The receiver keeps the request before it answers; the sender counts once it has the answer.
    Eventually.until("the delivery counted", () -> webhooks.metrics().get(0).delivered() == 1);
    assertThat(webhooks.components().get("webhook:crm").status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void binaryModeSendsTheDataWithCeHeaders() {
    webhooks(endpoint -> endpoint.mode(WebhookMode.BINARY));
    Envelope<NoteAdded> sent = bus.publish(new NoteAdded("ann", "tap in 204 drips, 50% worse"),
        Metadata.builder().correlationId("stay 9").build());

    Eventually.until("one accepted request", () -> receiver.accepted.size() == 1);
    WebhookReceiver.Received received = receiver.accepted.get(0);
    assertThat(received.body()).isEqualTo(
        "{\"author\":\"ann\",\"text\":\"tap in 204 drips, 50% worse\"}");
    assertThat(received.headers()).containsEntry("content-type", "application/json; charset=utf-8")
        .containsEntry("ce-specversion", "1.0").containsEntry("ce-id", sent.id())
        .containsEntry("ce-type", "note:added").containsEntry("ce-source", "hotel")
        .containsEntry("ce-eventversion", "1").containsEntry("ce-correlationid", "stay%209");
  }

  @Test
  void retriesWithBackoffUntilTheEndpointAnswers() {
    webhooks(UnaryOperator.identity());
    receiver.failNext.set(2);
    bus.publish(new NoteAdded("ann", "retry me"));

    Eventually.until("the third attempt accepted", () -> receiver.accepted.size() == 1,
        () -> receiver.requests);
    Eventually.until("the delivery counted", () -> webhooks.metrics().get(0).delivered() == 1);
    assertThat(receiver.requests).hasValue(3);
    assertThat(receiver.badSignatures).as("each attempt freshly signed").hasValue(0);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
    assertThat(webhooks.metrics().get(0)).extracting(WebhookMetrics::failed,
        WebhookMetrics::delivered).containsExactly(2L, 1L);
  }

  @Test
  void deadLettersAfterTheLastAttemptAndReplaysLater() {
    webhooks(UnaryOperator.identity());
    receiver.status.set(500);
    Envelope<NoteAdded> sent = bus.publish(new NoteAdded("ann", "lost?"));

    Eventually.until("a dead letter", () -> bus.deadLetters().count(DeadLetterQuery.all()) == 1);
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    assertThat(letter.subscriber()).isEqualTo("webhook:crm");
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.envelope().id()).isEqualTo(sent.id());
    assertThat(letter.errorMessage()).contains("webhook crm got 500 from " + receiver.uri());
    assertThat(receiver.requests).hasValue(3);

    receiver.status.set(204);
    assertThat(bus.replay(letter)).isTrue();
    assertThat(receiver.accepted).hasSize(1);
    assertThat(receiver.accepted.get(0).body()).contains(sent.id());
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void theBreakerOpensThenHalfOpensAndClosesAndShowsInHealth() {
    Webhooks hooks = Webhooks.builder(bus)
        .openBreakerStatus(Health.Status.DOWN)
        .endpoint(WebhookEndpoint.builder("crm", receiver.uri()).secret(SECRET)
            .events(EventMap.NOTE_ADDED).retry(RetryPolicy.none())
            .breaker(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(300))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1).build())
            .build())
        .build();
    webhooks = hooks;
    CircuitBreaker breaker = hooks.circuitBreakers().circuitBreaker("crm");
    List<String> transitions = new CopyOnWriteArrayList<>();
    breaker.getEventPublisher().onStateTransition(e -> transitions.add(
        e.getStateTransition().name()));
    receiver.status.set(503);

    for (int i = 0; i < 4; i++) {
      bus.publish(new NoteAdded("ann", "down " + i));
    }
    Eventually.until("four failures", () -> hooks.metrics().get(0).failed() == 4);
    Eventually.until("the breaker open", () -> breaker.getState() == CircuitBreaker.State.OPEN);
    Health open = hooks.health();
    assertThat(open.status()).isEqualTo(Health.Status.DOWN);
    assertThat(open.components()).containsKey("bus").containsKey("webhook:crm");
    assertThat(open.components().get("webhook:crm").reason())
        .contains("circuit open after a failure rate of 100%");

    // While open, nothing is sent: the attempt fails at once and is dead-lettered (no retries).
    receiver.status.set(200);
    int requestsBefore = receiver.requests.get();
    bus.publish(new NoteAdded("ann", "while open"));
    Eventually.until("a refused attempt", () -> hooks.metrics().get(0).notPermitted() == 1);
    assertThat(receiver.requests).hasValue(requestsBefore);
    Eventually.until("five dead letters",
        () -> bus.deadLetters().count(DeadLetterQuery.all()) == 5);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .anySatisfy(l -> assertThat(l.errorMessage()).contains("circuit breaker OPEN"));

    Eventually.until("half-open", () -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
    assertThat(hooks.components().get("webhook:crm").status())
        .isEqualTo(Health.Status.DEGRADED);
    bus.publish(new NoteAdded("ann", "back"));
    Eventually.until("closed again", () -> breaker.getState() == CircuitBreaker.State.CLOSED);
    assertThat(receiver.accepted).hasSize(1);
    assertThat(hooks.components().get("webhook:crm").status()).isEqualTo(Health.Status.UP);
    assertThat(transitions).containsExactly("CLOSED_TO_OPEN", "OPEN_TO_HALF_OPEN",
        "HALF_OPEN_TO_CLOSED");
  }

  @Test
  void rejectionsAreRetriedButDoNotOpenTheBreaker() {
    webhooks(endpoint -> endpoint.retry(RetryPolicy.none()).breaker(CircuitBreakerConfig
        .custom().slidingWindowSize(2).minimumNumberOfCalls(2).build()));
    receiver.status.set(422);
    bus.publish(new NoteAdded("ann", "one"));
    bus.publish(new NoteAdded("ann", "two"));
    bus.publish(new NoteAdded("ann", "three"));

    Eventually.until("three dead letters",
        () -> bus.deadLetters().count(DeadLetterQuery.all()) == 3);
    assertThat(webhooks.metrics().get(0)).extracting(WebhookMetrics::rejected,
        WebhookMetrics::breaker).containsExactly(3L, CircuitBreaker.State.CLOSED);
  }
}
