package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.BackpressureException;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.observability.MetricsSnapshot.Counts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscription filters: run once per event before a delivery is queued, so a turned-down event
 * costs no queue slot; counted as filtered; a throwing filter dead-letters the delivery.
 */
@Timeout(60)
class FilterTest {

  private EventBus bus = EventBus.builder().source("test").build();
  private final List<Integer> heard = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    bus.close(Duration.ofSeconds(5));
  }

  private static SubscribeOptions evenOnly(String name, AtomicInteger tests) {
    return SubscribeOptions.named(name).filter((Envelope<Ping> e) -> {
      tests.incrementAndGet();
      return e.payload().n() % 2 == 0;
    });
  }

  @Test
  void eachModeHearsOnlyWhatItsFilterAcceptsAndTheRestIsCountedAsFiltered() throws Exception {
    AtomicInteger tests = new AtomicInteger();
    for (Delivery mode : Delivery.values()) {
      bus.subscribe(Ping.class, p -> heard.add(p.n()), evenOnly(mode.name(), tests).delivery(mode));
    }

    for (int i = 1; i <= 10; i++) {
      bus.publish(new Ping(i));
    }
    Await.idle(bus);

    assertThat(heard).hasSize(15).containsOnly(2, 4, 6, 8, 10);
    assertThat(tests).as("one test per event and subscriber").hasValue(30);
    Counts counts = bus.metrics().snapshot().type("test:ping");
    assertThat(counts.filtered()).isEqualTo(15);
    assertThat(counts.delivered()).isEqualTo(15);
  }

  @Test
  void aFilteredEventTakesNoQueueSlotEvenWhenTheQueueIsFull() throws Exception {
    bus.close();
    bus = EventBus.builder().source("test").queueCapacity(1)
        .backpressure(BackpressurePolicy.FAIL, Duration.ZERO).build();
    bus.subscribe(Ping.class, p -> {
      try {
        release.await(Await.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      heard.add(p.n());
    }, evenOnly("stuck", new AtomicInteger()).delivery(Delivery.ASYNC));

    bus.publish(new Ping(2)); // fills the queue
    for (int odd = 1; odd < 100; odd += 2) {
      bus.publish(new Ping(odd)); // turned down before admission: never refused
    }
    assertThatThrownBy(() -> bus.publish(new Ping(4))).isInstanceOf(BackpressureException.class);

    release.countDown();
    Await.idle(bus);
    assertThat(heard).containsExactly(2);
    assertThat(bus.metrics().snapshot().type("test:ping").filtered()).isEqualTo(50);
  }

  @Test
  void aFilterKeepsToItsTenantsEventsAndAOnceSubscriptionWaitsForAnEventItAccepts() {
    bus.subscribe(Ping.class, p -> heard.add(p.n()),
        evenOnly("once", new AtomicInteger()).once().tenant("acme"));

    bus.publish(new Ping(1), Metadata.builder().tenant("acme").build());
    bus.publish(new Ping(2), Metadata.builder().tenant("other").build());
    bus.publish(new Ping(4), Metadata.builder().tenant("acme").build());
    bus.publish(new Ping(6), Metadata.builder().tenant("acme").build());

    assertThat(heard).containsExactly(4);
  }

  @Test
  void aThrowingFilterDeadLettersThatDeliveryAtOnceAndOthersStillHearTheEvent() throws Exception {
    bus.subscribe(Ping.class, p -> heard.add(p.n()), SubscribeOptions.named("picky")
        .delivery(Delivery.ASYNC).filter((Envelope<Ping> e) -> {
          throw new IllegalStateException("filter bug");
        }));
    bus.subscribe(Ping.class, p -> heard.add(-p.n()));

    bus.publish(new Ping(7));
    Await.idle(bus);

    assertThat(heard).containsExactly(-7);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).singleElement()
        .satisfies(letter -> {
          assertThat(letter.subscriber()).isEqualTo("picky");
          assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
          assertThat(letter.errorMessage()).isEqualTo("filter bug");
        });
    assertThat(bus.metrics().snapshot().type("test:ping").failed()).isEqualTo(1);
  }
}
