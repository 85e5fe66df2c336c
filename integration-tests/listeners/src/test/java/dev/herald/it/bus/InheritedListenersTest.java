package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.runtime.EventBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listener classes inherit their superclasses' {@code @Subscribe} methods, each heard once. */
class InheritedListenersTest {

  private final EventBus bus = EventBus.builder().source("test").build();

  @AfterEach
  void close() {
    bus.close();
  }

  static class BaseListener {
    final List<String> heard = new ArrayList<>();

    @Subscribe
    void ping(Ping ping) {
      heard.add("base ping " + ping.n());
    }

    @Subscribe
    void pong(Pong pong) {
      heard.add("base pong " + pong.n());
    }
  }

  static final class SubListener extends BaseListener {
    @Override
    @Subscribe
    void ping(Ping ping) {
      heard.add("sub ping " + ping.n());
    }
  }

  @Test
  void inheritedMethodsAreHeardAndOverridesOnlyOnce() {
    SubListener listener = new SubListener();
    assertThat(bus.register(listener).subscriptions()).hasSize(2);

    bus.publish(new Ping(1));
    bus.publish(new Pong(2));

    assertThat(listener.heard).containsExactly("sub ping 1", "base pong 2");
  }
}
