package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At most 50 subscribers per event type by default (seed 000_2121cef8afbe3941), configurable per type. */
class ListenerLimitTest {

  @Test
  void theFiftyFirstSubscriberOfAnEventTypeIsRefusedNamingTheEvent() {
    try (EventBus bus = EventBus.builder().source("test").build()) {
      AtomicInteger calls = new AtomicInteger();
      List<Subscription> subscriptions = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        subscriptions.add(bus.subscribe(Ping.class, p -> calls.incrementAndGet()));
      }
      assertThatThrownBy(() -> bus.subscribe(Ping.class, p -> calls.incrementAndGet()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"test:ping\"")
          .hasMessageContaining("51")
          .hasMessageContaining("limit of 50")
          .hasMessageContaining("listenerLimit");
      // A pattern that hears pings counts too.
      assertThatThrownBy(() -> bus.subscribe("test:*", e -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("test:ping");

      bus.publish(new Ping(1));
      assertThat(calls).as("the refused subscriber hears nothing").hasValue(50);

      // Other event types have their own count, and cancelling makes room.
      bus.subscribe(Pong.class, p -> { });
      subscriptions.get(0).cancel();
      bus.subscribe(Ping.class, p -> calls.incrementAndGet());
    }
  }

  @Test
  void aLimitCanBeSetPerEventType() {
    try (EventBus bus = EventBus.builder().source("test")
        .listenerLimit(EventMap.TEST_PING, 3, 2).build()) {
      for (int i = 0; i < 3; i++) {
        bus.subscribe(Ping.class, p -> { });
      }
      assertThatThrownBy(() -> bus.subscribe(EventMap.TEST_PING, p -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("limit of 3");
      for (int i = 0; i < 50; i++) {
        bus.subscribe(Pong.class, p -> { });
      }
      assertThatThrownBy(() -> bus.subscribe(Pong.class, p -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("\"test:pong\"");
    }
  }

  @Test
  void theDefaultLimitCanBeChanged() {
    try (EventBus bus = EventBus.builder().source("test").listenerLimit(100, 80).build()) {
      for (int i = 0; i < 100; i++) {
        bus.subscribe(Ping.class, p -> { });
      }
      assertThatThrownBy(() -> bus.subscribe(Ping.class, p -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("limit of 100");
    }
  }

  static final class TwoMethods {
    final List<String> heard = new ArrayList<>();

    @Subscribe
    void pong(Pong pong) {
      heard.add("pong");
    }

    @Subscribe
    void ping(Ping ping) {
      heard.add("ping");
    }
  }

  @Test
  void aRegistrationOverTheLimitAddsNoneOfItsMethods() {
    try (EventBus bus = EventBus.builder().source("test")
        .listenerLimit(EventMap.TEST_PING, 1, 1).build()) {
      bus.subscribe(Ping.class, p -> { });
      TwoMethods listener = new TwoMethods();
      assertThatThrownBy(() -> bus.register(listener)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("test:ping");
      bus.publish(new Pong(1));
      bus.publish(new Ping(1));
      assertThat(listener.heard).isEmpty();
    }
  }

  @Test
  void limitsMustBeSensible() {
    assertThatThrownBy(() -> EventBus.builder().listenerLimit(10, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventBus.builder().listenerLimit(EventMap.TEST_PING, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
