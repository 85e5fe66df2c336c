package dev.herald.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.herald.annotations.Delivery;
import dev.herald.it.observe.Guests.GuestMessage;
import dev.herald.it.observe.Guests.Reply;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.observability.MdcKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Listeners run with their event in the MDC, and it is gone (or restored) when they return. */
@Timeout(60)
class MdcTest {

  @Test
  void syncAndAsyncListenersSeeTheirEventAndThePublisherSeesNothingAfterwards() throws Exception {
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().source("mdc").build()) {
      bus.subscribe(Reply.class, r -> seen.add(MDC.getCopyOfContextMap()));
      bus.subscribe(Reply.class, r -> seen.add(MDC.getCopyOfContextMap()),
          SubscribeOptions.named("async").delivery(Delivery.ASYNC));

      Envelope<Reply> sent = bus.publish(new Reply("c1", "hi"),
          Metadata.builder().correlationId("req-7").tenant("oslo").build());
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(seen).hasSize(2).allSatisfy(context -> assertThat(context)
          .containsEntry(MdcKeys.EVENT_ID, sent.id())
          .containsEntry(MdcKeys.EVENT_TYPE, "obs:reply")
          .containsEntry(MdcKeys.CORRELATION_ID, "req-7")
          .containsEntry(MdcKeys.TENANT_ID, "oslo"));
      assertThat(MDC.get(MdcKeys.EVENT_ID)).as("cleared on the publisher's thread").isNull();
    }
  }

  @Test
  void anAsyncListenerKeepsItsOwnEventAfterPublishingAnother() throws Exception {
    List<String> after = new CopyOnWriteArrayList<>();
    List<String> inner = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().source("nested").build()) {
      bus.subscribe(Reply.class, r -> inner.add(MDC.get(MdcKeys.EVENT_TYPE)));
      bus.subscribe(GuestMessage.class, m -> {
        bus.publish(new Reply(m.conversationId(), "ok"));
        after.add(MDC.get(MdcKeys.EVENT_TYPE));
      }, SubscribeOptions.named("async").delivery(Delivery.ASYNC));

      bus.publish(Guests.message("c1"));
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(inner).containsExactly("obs:reply");
      assertThat(after).containsExactly("obs:message");
    }
  }

  @Test
  void turnedOffItLeavesTheMdcAlone() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().source("plain").mdc(false).build()) {
      bus.subscribe(Reply.class, r -> seen.add(String.valueOf(MDC.get(MdcKeys.EVENT_ID))));
      bus.publish(new Reply("c1", "hi"));
      assertThat(seen).containsExactly("null");
    }
  }

  @Test
  void theFailureOfAnAsyncAttemptIsLoggedWithItsEventInTheMdc() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(EventBus.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (EventBus bus = EventBus.builder().source("failing").build()) {
      bus.subscribe(Reply.class, r -> {
        throw new IllegalStateException("no reply today");
      }, SubscribeOptions.named("broken").delivery(Delivery.ASYNC).maxAttempts(1));

      Envelope<Reply> sent = bus.publish(new Reply("c1", "hi"),
          Metadata.builder().correlationId("req-8").build());
      assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(logged.list)
          .filteredOn(e -> e.getFormattedMessage().startsWith("Subscriber broken failed"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMDCPropertyMap())
              .containsEntry(MdcKeys.EVENT_ID, sent.id())
              .containsEntry(MdcKeys.CORRELATION_ID, "req-8"));
    } finally {
      logger.detachAppender(logged);
    }
  }
}
