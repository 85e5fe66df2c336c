package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.web.events.EventMap;
import dev.herald.web.events.NoteAdded;
import dev.herald.web.events.TaskOpened;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two buses joined over HTTP, the seed's "RemoteEventBus": bus A's webhook posts to bus B's
 * ingest endpoint, which checks the token and the signature and delivers the event as it is.
 */
class RemoteBusTest {

  private static final String SECRET = "a-to-b-0123456789abcdef";
  private static final String TOKEN = "bus-a-token";

  @Test
  void eventsPublishedOnAReachBsSubscribersWithTheirIdsInBothModes() {
    try (Pair pair = new Pair()) {
      for (WebhookMode mode : WebhookMode.values()) {
        pair.connect(mode);
        Envelope<NoteAdded> sent = pair.a.publish(new NoteAdded("ann", mode.name()),
            Metadata.builder().tenant("grand").correlationId("stay-9").build());

        Eventually.until(mode + " event on B", () -> pair.heardOnB.stream()
            .anyMatch(e -> e.id().equals(sent.id())));
        Envelope<?> received = pair.heardOnB.stream().filter(e -> e.id().equals(sent.id()))
            .findFirst().orElseThrow();
        assertThat(received.payload()).isEqualTo(sent.payload());
        assertThat(received.source()).isEqualTo("bus-a");
        assertThat(received.tenantId()).isEqualTo("grand");
        assertThat(received.correlationId()).isEqualTo("stay-9");
        assertThat(received.headers()).containsEntry("principal", "bus-a");
        pair.webhooks.close();
      }
      assertThat(pair.ingest.metrics().accepted()).isEqualTo(2);
    }
  }

  @Test
  void whileBIsDownAsEventsAreDeadLetteredThenReplayedOnce() {
    try (Pair pair = new Pair()) {
      pair.connect(WebhookMode.STRUCTURED);
      int port = pair.serverB.port();
      pair.serverB.close();
      Envelope<TaskOpened> sent = pair.a.publish(new TaskOpened("t1", 3, "Mr Jones"));

      Eventually.until("a dead letter on A",
          () -> pair.a.deadLetters().count(DeadLetterQuery.all()) == 1);
      DeadLetter letter = pair.a.deadLetters().list(DeadLetterQuery.all()).get(0);
      assertThat(letter.subscriber()).isEqualTo("webhook:bus-b");
      assertThat(letter.errorMessage()).contains("could not post task:opened " + sent.id());

      pair.startB(port);
      assertThat(pair.a.replay(letter)).isTrue();
      assertThat(pair.heardOnB).extracting(Envelope::id).containsExactly(sent.id());

      // A lost answer makes A send again: B acknowledges it and delivers nothing twice.
      pair.a.deliver(sent);
      Eventually.until("the duplicate acknowledged",
          () -> pair.ingest.metrics().duplicates() == 1);
      assertThat(pair.heardOnB).hasSize(1);
    }
  }

  /** Bus A with webhooks to bus B's ingest endpoint on a loopback port. */
  private static final class Pair implements AutoCloseable {
    final EventBus a = EventBus.builder().source("bus-a").build();
    final EventBus b = EventBus.builder().source("bus-b").build();
    final List<Envelope<?>> heardOnB = new CopyOnWriteArrayList<>();
    CloudEventsIngest ingest;
    HeraldWebServer serverB;
    Webhooks webhooks;

    Pair() {
      b.subscribe("#", heardOnB::add);
      ingest = CloudEventsIngest.builder(b)
          .accept(EventMap.NOTE_ADDED, EventMap.TASK_OPENED)
          .authenticator(Authenticator.bearer(token -> TOKEN.equals(token)
              ? Optional.of(WebPrincipal.of("bus-a", null, "service"))
              : Optional.empty()))
          .signatures(WebhookVerifier.of(SECRET))
          .build();
      startB(0);
    }

    void startB(int port) {
      serverB = HeraldWebServer.builder().port(port).handler("/cloudevents", ingest).start();
    }

    void connect(WebhookMode mode) {
      URI uri = serverB.uri("/cloudevents");
      webhooks = Webhooks.builder(a)
          .endpoint(WebhookEndpoint.builder("bus-b", uri).secret(SECRET)
              .header("Authorization", "Bearer " + TOKEN)
              .events(EventMap.NOTE_ADDED, EventMap.TASK_OPENED).mode(mode)
              .retry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(40), 0.5))
              .build())
          .build();
    }

    @Override
    public void close() {
      if (webhooks != null) {
        webhooks.close();
      }
      serverB.close();
      a.close();
      b.close();
    }
  }
}
