package dev.herald.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.it.observe.Guests.GuestMessage;
import dev.herald.it.observe.Guests.PaymentCaptured;
import dev.herald.it.observe.Guests.Reply;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.observability.EventStatus;
import dev.herald.runtime.observability.HistoryEntry;
import dev.herald.runtime.observability.HistoryQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opt-in ring of recent events: queries, one request's event flow, and delivery status. */
@Timeout(60)
class HistoryTest {

  @Test
  void keepsTheNewestEventsUpToItsCapacity() {
    try (EventBus bus = EventBus.builder().source("ring").history(3).build()) {
      for (int i = 1; i <= 5; i++) {
        bus.publish(new Reply("c" + i, "r" + i));
      }
      List<HistoryEntry> entries = bus.history().query(HistoryQuery.all());
      assertThat(entries).extracting(HistoryEntry::payload).containsExactly(
          "{\"conversationId\":\"c5\",\"text\":\"r5\"}",
          "{\"conversationId\":\"c4\",\"text\":\"r4\"}",
          "{\"conversationId\":\"c3\",\"text\":\"r3\"}");
      assertThat(bus.history().query(HistoryQuery.all().limit(1))).hasSize(1);
    }
  }

  @Test
  void followsOneRequestsFlowByCorrelationIdAndFiltersByPatternTenantAndTime() {
    try (EventBus bus = EventBus.builder().source("flow").history(100).build()) {
      bus.subscribe(GuestMessage.class, m -> bus.publish(new Reply(m.conversationId(), "hi")));
      Envelope<GuestMessage> asked = bus.publish(Guests.message("c1"),
          Metadata.builder().correlationId("req-1").tenant("oslo").build());
      bus.publish(Guests.message("c2"), Metadata.builder().correlationId("req-2").build());

      List<HistoryEntry> flow = bus.history().query(HistoryQuery.all().correlationId("req-1"));
      assertThat(flow).extracting(HistoryEntry::type).containsExactly("obs:reply", "obs:message");
      assertThat(flow.get(0).causationId()).isEqualTo(asked.id());
      assertThat(flow.get(0).tenantId()).isEqualTo("oslo");

      assertThat(bus.history().query(HistoryQuery.all().pattern("obs:reply"))).hasSize(2);
      assertThat(bus.history().query(HistoryQuery.all().tenant("oslo"))).hasSize(2);
      // The bus's clock, not Instant.now(): by default it stamps milliseconds, read from a cache.
      assertThat(bus.history().query(HistoryQuery.all().since(asked.time()))).hasSize(4);
      assertThat(bus.history().query(HistoryQuery.all().since(Instant.now().plusSeconds(60))))
          .isEmpty();
    }
  }

  @Test
  void payloadsAreRedactedOrWithheld() {
    try (EventBus bus = EventBus.builder().source("private").history(10).build()) {
      bus.publish(Guests.message("c1"));
      bus.publish(new PaymentCaptured(Guests.CARD, 12_00));

      List<HistoryEntry> entries = bus.history().query(HistoryQuery.all());
      assertThat(entries.get(0).payload()).isEqualTo(HistoryEntry.WITHHELD);
      assertThat(entries.get(1).payload()).isEqualTo("{\"conversationId\":\"c1\",\"content\":"
          + "\"***\",\"contact\":{\"name\":\"Ann\",\"phone\":\"***\"}}");
    }
  }

  @Test
  void statusFollowsAnEventFromPendingToCompletedOrDeadLettered() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus = EventBus.builder().source("status").asyncThreads(1).history(10).build()) {
      bus.subscribe(Reply.class, r -> {
        entered.countDown();
        Latches.hold(release);
      }, SubscribeOptions.named("slow").delivery(Delivery.ASYNC));
      bus.subscribe(GuestMessage.class, m -> {
        throw new IllegalStateException("nobody home");
      }, SubscribeOptions.named("broken").maxAttempts(1));

      Envelope<Reply> first = bus.publish(new Reply("c", "one"));
      Envelope<Reply> second = bus.publish(new Reply("c", "two"));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(bus.status(first.id())).contains(EventStatus.PROCESSING);
      assertThat(bus.status(second.id())).contains(EventStatus.PENDING);

      release.countDown();
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(bus.status(first.id())).contains(EventStatus.COMPLETED);
      assertThat(bus.status(second.id())).contains(EventStatus.COMPLETED);

      Envelope<GuestMessage> failing = bus.publish(Guests.message("c"));
      assertThat(bus.status(failing.id())).contains(EventStatus.DEAD_LETTERED);
      assertThat(bus.status("evt_unknown")).isEmpty();
    }
  }

  @Test
  void aBusWithoutHistoryKeepsNothing() {
    try (EventBus bus = EventBus.builder().source("none").build()) {
      Envelope<Reply> sent = bus.publish(new Reply("c", "hi"));
      assertThat(bus.history().enabled()).isFalse();
      assertThat(bus.history().query(HistoryQuery.all())).isEmpty();
      assertThat(bus.status(sent.id())).isEmpty();
    }
  }
}
