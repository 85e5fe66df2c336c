package dev.herald.sample.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample over HTTP: a booking reaches housekeeping once, a double booking never does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.url=jdbc:sqlite:target/front-desk-test.db")
@AutoConfigureMetrics
class HotelApplicationTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  Housekeeping housekeeping;

  @Test
  void aBookingReachesHousekeepingAndShowsInActuator() throws Exception {
    String room = "r" + System.nanoTime();
    assertThat(post("/rooms/" + room + "/booking?guest=ada").statusCode()).isEqualTo(201);
    assertThat(post("/rooms/" + room + "/booking?guest=bob").statusCode()).isEqualTo(409);

    await().atMost(Duration.ofSeconds(10)).until(() -> housekeeping.prepared().contains(room));
    assertThat(housekeeping.prepared()).containsOnlyOnce(room);

    String health = get("/actuator/health").body();
    assertThat(JsonPath.<String>read(health, "$.components.herald.status")).isEqualTo("UP");
    String herald = get("/actuator/herald").body();
    assertThat(JsonPath.<String>read(herald, "$.source")).isEqualTo("front-desk");
    assertThat(herald).contains("\"bean\":\"housekeeping\"");
    assertThat(get("/actuator/prometheus").body())
        .contains("herald_events_published_total{bus=\"front-desk\",event=\"room:booked\"");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
