package dev.herald.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.spring.boot.fixtures.Frontdesk;
import dev.herald.spring.boot.fixtures.RoomBooked;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The application as users run it, on a random port: listener beans, transactions committed and
 * rolled back, Actuator's health, the herald endpoint and Prometheus over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=hotel",
    "spring.datasource.url=jdbc:sqlite:target/hotel-application-test.db",
    "spring.sql.init.mode=always",
    "herald.history.capacity=100",
    "herald.health.dead-letter-alarm=0",      // the dead letters tests make keep health UP
    // Boot's Redis support is on the test class path, without a Redis.
    "herald.transport.redis.enabled=false",
    "management.health.redis.enabled=false",
    "management.endpoints.web.exposure.include=health,herald,prometheus",
    "management.endpoint.health.show-details=always",
    "management.endpoint.herald.access=unrestricted"})
@AutoConfigureMetrics
class HotelApplicationTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  EventBus bus;

  @Autowired
  Bookings bookings;

  @Autowired
  Frontdesk frontdesk;

  @BeforeEach
  void cleanSlate() {
    bus.deadLetters().purge(DeadLetterQuery.all());
  }

  @Test
  void theListenerBeanHearsACommittedBookingAndNotARolledBackOne() {
    String committed = "c-" + System.nanoTime();
    String rolledBack = "r-" + System.nanoTime();
    bookings.book(committed, false);
    assertThatThrownBy(() -> bookings.book(rolledBack, true))
        .hasMessageContaining("payment declined");

    assertThat(bookings.isBooked(committed)).isTrue();
    assertThat(bookings.isBooked(rolledBack)).isFalse();
    assertThat(frontdesk.rooms()).contains(committed).doesNotContain(rolledBack);
  }

  @Test
  void healthShowsTheBus() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JsonPath.<String>read(health.body(), "$.components.herald.status"))
        .isEqualTo("UP");
    assertThat(JsonPath.<String>read(health.body(), "$.components.herald.details.source"))
        .isEqualTo("hotel");
    assertThat(JsonPath.<String>read(health.body(), "$.components.herald.details.queue.reason"))
        .contains("asynchronous deliveries");
  }

  @Test
  void theEndpointListsEventsListenersAndDeadLettersAndReplaysAndPurgesThem() throws Exception {
    assertThat(bus.deadLetters()).isInstanceOf(JdbcDeadLetterStore.class);
    bus.publish(new RoomBooked("broken"));   // Frontdesk fails on it: a dead letter
    String report = get("/actuator/herald").body();
    assertThat(report).contains("\"source\":\"hotel\"")
        .contains("\"name\":\"room:booked\"")
        .contains("\"bean\":\"frontdesk\"")
        .contains("\"subscriptions\":[\"Frontdesk.on(RoomBooked)\"]")
        .contains("\"count\":1").contains("room broken is out of order");
    String id = bus.deadLetters().list(DeadLetterQuery.all()).get(0).id();

    HttpResponse<String> one = get("/actuator/herald/" + id);
    assertThat(one.body()).contains("\"payload\":\"{\\\"roomId\\\":\\\"broken\\\"}\"");

    HttpResponse<String> replay = send(HttpRequest.newBuilder(uri("/actuator/herald"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")));
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo("{\"attempted\":1,\"succeeded\":0}");

    HttpResponse<String> purge = send(HttpRequest.newBuilder(
        uri("/actuator/herald?type=room:*")).DELETE());
    assertThat(purge.body()).isEqualTo("{\"deleted\":1}");
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void badRequestsAreRefusedAndAnUnknownLetterIsNotFound() throws Exception {
    HttpResponse<String> neither = send(HttpRequest.newBuilder(uri("/actuator/herald"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(neither.statusCode()).isEqualTo(400);
    HttpResponse<String> badPattern = send(HttpRequest.newBuilder(
        uri("/actuator/herald?type=Room")).DELETE());
    assertThat(badPattern.statusCode()).isEqualTo(400);
    assertThat(get("/actuator/herald/dlq_nope").statusCode()).isEqualTo(404);
  }

  @Test
  void replayByTypePatternDeliversAgainAndDeletesWhatSucceeds() throws Exception {
    String room = "flaky-" + System.nanoTime();
    bus.publish(new RoomBooked(room));
    bus.publish(new RoomBooked("broken"));
    assertThat(frontdesk.rooms()).doesNotContain(room);
    HttpResponse<String> replay = send(HttpRequest.newBuilder(uri("/actuator/herald"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"room:*\"}")));
    assertThat(replay.body()).isEqualTo("{\"attempted\":2,\"succeeded\":1}");
    assertThat(frontdesk.rooms()).contains(room);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .singleElement().satisfies(letter -> assertThat(letter.envelope().payload())
            .isEqualTo(new RoomBooked("broken")));
  }

  @Test
  void prometheusShowsTheBusMetrics() throws Exception {
    bookings.book("p-" + System.nanoTime(), false);
    String scrape = get("/actuator/prometheus").body();
    assertThat(scrape).containsPattern(
        "herald_events_published_total\\{bus=\"hotel\",event=\"room:booked\",tenant=\"[^\"]*\"}"
            + " [1-9]");
    assertThat(scrape).contains("herald_queue_capacity{bus=\"hotel\"} 8192.0");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
