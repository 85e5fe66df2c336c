package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.contracts.Alarm;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.events.DeliveryDeadLettered;
import dev.herald.runtime.events.DeliveryFailed;
import dev.herald.runtime.events.EventMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus announces failures as its own events, in the reserved {@code herald} namespace. */
class BusEventsTest {

  private final EventBus bus = EventBus.builder().source("test").discoverCatalogs(false)
      .catalogs(new dev.herald.it.contracts.HeraldCatalog()).build();

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void theBusKnowsItsOwnEventsEvenWithoutDiscovery() {
    assertThat(bus.events()).contains(EventMap.HERALD_DELIVERY_FAILED,
        EventMap.HERALD_DELIVERY_DEAD_LETTERED);
    assertThat(EventMap.HERALD_DELIVERY_FAILED.name()).isEqualTo("herald:delivery:failed");
  }

  @Test
  void everyFailureIsAnnouncedAndTheLastOneIsDeadLettered() {
    List<Envelope<DeliveryFailed>> failures = new CopyOnWriteArrayList<>();
    List<DeliveryDeadLettered> deadLettered = new CopyOnWriteArrayList<>();
    bus.subscribeEnvelopes(EventMap.HERALD_DELIVERY_FAILED, failures::add,
        SubscribeOptions.defaults());
    bus.subscribe(EventMap.HERALD_DELIVERY_DEAD_LETTERED, deadLettered::add);
    bus.subscribe(Ping.class, p -> {
      throw new IllegalArgumentException("bad ping " + p.n());
    }, SubscribeOptions.named("picky").maxAttempts(1));

    Envelope<Ping> ping = bus.publish(new Ping(3), Metadata.builder().correlationId("req-9").build());

    assertThat(failures).hasSize(1);
    DeliveryFailed failure = failures.get(0).payload();
    assertThat(failure.eventId()).isEqualTo(ping.id());
    assertThat(failure.eventType()).isEqualTo("test:ping");
    assertThat(failure.subscriber()).isEqualTo("picky");
    assertThat(failure.attempt()).isEqualTo(1);
    assertThat(failure.maxAttempts()).isEqualTo(1);
    assertThat(failure.errorType()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(failure.errorMessage()).isEqualTo("bad ping 3");
    assertThat(failure.willRetry()).isFalse();
    assertThat(failures.get(0).correlationId()).isEqualTo("req-9");
    assertThat(failures.get(0).causationId()).isEqualTo(ping.id());

    assertThat(deadLettered).singleElement().satisfies(letter -> {
      assertThat(letter.eventId()).isEqualTo(ping.id());
      assertThat(letter.reason()).isEqualTo("FAILED");
      assertThat(bus.deadLetters().get(letter.deadLetterId())).isPresent();
    });
  }

  @Test
  void aCriticalEventNobodyHearsIsAnnouncedAsDeadLettered() {
    List<DeliveryDeadLettered> deadLettered = new CopyOnWriteArrayList<>();
    bus.subscribe(EventMap.HERALD_DELIVERY_DEAD_LETTERED, deadLettered::add);
    bus.publish(new Alarm("smoke in room 12"));
    assertThat(deadLettered).singleElement()
        .satisfies(letter -> assertThat(letter.reason()).isEqualTo("NO_SUBSCRIBER"));
  }

  @Test
  void aFailingFailureListenerDoesNotRecurse() {
    AtomicInteger failureListenerCalls = new AtomicInteger();
    bus.subscribe(EventMap.HERALD_DELIVERY_FAILED, f -> {
      failureListenerCalls.incrementAndGet();
      throw new IllegalStateException("the failure listener fails too");
    }, SubscribeOptions.named("alerting").maxAttempts(1));
    bus.subscribe(Ping.class, p -> {
      throw new IllegalStateException("boom");
    }, SubscribeOptions.named("broken").maxAttempts(1));

    bus.publish(new Ping(1));

    assertThat(failureListenerCalls).hasValue(1);
    // Both failures are dead letters; only the first was announced.
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isEqualTo(2);
  }
}
