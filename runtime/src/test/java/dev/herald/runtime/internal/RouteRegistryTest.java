package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import dev.herald.runtime.internal.Routes.Route;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who hears what: routes sorted once, listener limits, cancelling, options resolved. */
class RouteRegistryTest {

  private static final RetryPolicy BUS_RETRY =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30), 0.5);

  private final Admission admission =
      new Admission("test", BackpressurePolicy.FAIL, Duration.ZERO, 100);
  private final RouteRegistry registry = registry(3, 2);

  private RouteRegistry registry(int limit, int warning) {
    return new RouteRegistry(new ContractIndex(List.of(PipelineFixtures.CATALOG)), BUS_RETRY,
        limit, warning, Map.of(), admission, null);
  }

  private Subscription subscribe(RouteRegistry registry, SubscribeOptions options) {
    return registry.subscribe(Ping.class, ping -> { }, options);
  }

  private static List<String> names(Subscriber[] subscribers) {
    return Arrays.stream(subscribers).map(s -> s.name).toList();
  }

  @Test
  void routesAreSplitByModeAndSortedByPriorityThenRegistration() {
    subscribe(registry, SubscribeOptions.named("low"));
    subscribe(registry, SubscribeOptions.named("high").priority(10));
    subscribe(registry, SubscribeOptions.named("async").delivery(Delivery.ASYNC));

    Route route = registry.routeOf(PING);

    assertThat(names(route.sync)).containsExactly("high", "low");
    assertThat(names(route.async)).containsExactly("async");
  }

  @Test
  void aSnapshotKeepsItsRoutesWhileLaterChangesMakeNewOnes() {
    Subscription first = subscribe(registry, SubscribeOptions.named("first"));
    Routes before = registry.routes();

    subscribe(registry, SubscribeOptions.named("second"));
    first.cancel();

    assertThat(names(before.get(PING).sync)).containsExactly("first");
    assertThat(before.ofPayload(Ping.class)).isSameAs(before.get(PING));
    assertThat(before.subscribers()).hasSize(1);
    Routes now = registry.routes();
    assertThat(names(now.get(PING).sync)).containsExactly("second");
    assertThat(now.ofPayload(Ping.class)).isSameAs(now.get(PING));
    assertThat(now.ofPayload(String.class)).as("not an event").isNull();
  }

  @Test
  void aSubscribersRetryPolicyIsItsOptionsOverTheBusDefault() {
    subscribe(registry, SubscribeOptions.named("patient").maxAttempts(7));

    Subscriber subscriber = registry.routeOf(PING).sync[0];

    assertThat(subscriber.retry).isEqualTo(BUS_RETRY.withMaxAttempts(7));
    assertThat(subscriber.timeout).isEqualTo(Duration.ZERO);
  }

  @Test
  void theListenerLimitRefusesOneSubscriberTooManyButObserversDoNotCount() {
    for (int i = 0; i < 3; i++) {
      subscribe(registry, SubscribeOptions.named("s" + i));
    }
    subscribe(registry, SubscribeOptions.named("observer").observer());

    assertThatThrownBy(() -> subscribe(registry, SubscribeOptions.named("one too many")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Event \"test:ping\" would have 4 subscribers, above its limit of 3")
        .hasMessageContaining("listenerLimit");
    assertThat(registry.routes().subscribers()).hasSize(4);
  }

  @Test
  void aCancelledSubscriptionLeavesItsRoutesOnce() {
    Subscription kept = subscribe(registry, SubscribeOptions.named("kept"));
    Subscription cancelled = subscribe(registry, SubscribeOptions.named("cancelled"));

    cancelled.cancel();
    cancelled.cancel();

    assertThat(cancelled.isActive()).isFalse();
    assertThat(kept.isActive()).isTrue();
    assertThat(names(registry.routeOf(PING).sync)).containsExactly("kept");
  }

  @Test
  void aOnceSubscriptionLeavesAfterItsDelivery() {
    subscribe(registry, SubscribeOptions.named("once").once());
    Subscriber once = registry.routeOf(PING).sync[0];

    once.onceDone();

    assertThat(once.isActive()).isFalse();
    assertThat(registry.routeOf(PING).sync).isEmpty();
  }

  @Test
  void aClassThatIsNoKnownEventIsRefusedWithTheFix() {
    record Unknown(int n) {}

    assertThatThrownBy(() -> registry.subscribe(Unknown.class, u -> { },
        SubscribeOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unknown.class.getName())
        .hasMessageContaining("annotate the record with @Event");
  }

  @Test
  void aClosedBusTakesNoSubscription() {
    admission.close();

    assertThatThrownBy(() -> subscribe(registry, SubscribeOptions.defaults()))
        .isInstanceOf(BusClosedException.class);
  }
}
