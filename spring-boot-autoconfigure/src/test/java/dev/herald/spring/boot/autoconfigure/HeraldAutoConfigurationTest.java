package dev.herald.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.runtime.BusClosedException;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.spring.boot.context.HeraldLifecycle;
import dev.herald.spring.boot.fixtures.Frontdesk;
import dev.herald.spring.boot.fixtures.RoomBooked;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.HistoryQuery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bus bean, its properties, customizers, listener beans and the life cycle. */
class HeraldAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HeraldAutoConfiguration.class));

  @Test
  void configuresABusFromProperties() {
    runner.withPropertyValues("herald.source=concierge", "herald.async.queue-capacity=64",
            "herald.history.capacity=10", "herald.metrics.enabled=false")
        .run(context -> {
          EventBus bus = context.getBean(EventBus.class);
          assertThat(bus.source()).isEqualTo("concierge");
          assertThat(bus.metrics().queueCapacity()).isEqualTo(64);
          assertThat(bus.metrics().enabled()).isFalse();
          bus.publish(new RoomBooked("101"));
          assertThat(bus.history().query(HistoryQuery.all()))
              .hasSize(1);
          assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
        });
  }

  @Test
  void theSourceIsTheApplicationsNameByDefault() {
    runner.withPropertyValues("spring.application.name=front-office")
        .run(context -> assertThat(context.getBean(EventBus.class).source())
            .isEqualTo("front-office"));
    runner.run(context -> assertThat(context.getBean(EventBus.class).source())
        .isEqualTo("herald"));
  }

  @Test
  void aValueTheBuilderRefusesNamesTheProperty() {
    runner.withPropertyValues("herald.retry.max-attempts=0").run(context ->
        assertThat(context.getStartupFailure()).hasStackTraceContaining(
            "Invalid herald.retry.*: maxAttempts must be at least 1, got 0"));
    runner.withPropertyValues("herald.log-levels[Task]=info").run(context ->
        assertThat(context.getStartupFailure())
            .hasStackTraceContaining("Invalid herald.log-levels[Task]"));
  }

  @Test
  void backsOffWhenDisabled() {
    runner.withPropertyValues("herald.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(EventBus.class)
            .doesNotHaveBean(HeraldLifecycle.class));
  }

  @Test
  void theApplicationsBusWins() {
    runner.withUserConfiguration(OwnBus.class).run(context -> {
      assertThat(context).hasSingleBean(EventBus.class);
      assertThat(context.getBean(EventBus.class).source()).isEqualTo("own");
      assertThat(context).hasSingleBean(HeraldLifecycle.class);
    });
  }

  @Test
  void customizersRunAfterTheProperties() {
    runner.withPropertyValues("herald.source=from-properties")
        .withBean(EventBusBuilderCustomizer.class, () -> builder -> builder.source("customized"))
        .run(context -> assertThat(context.getBean(EventBus.class).source())
            .isEqualTo("customized"));
  }

  @Test
  void listenerBeansAreRegisteredAtStartAndTheBusClosesWithTheContext() {
    runner.withBean(Frontdesk.class).run(context -> {
      EventBus bus = context.getBean(EventBus.class);
      Frontdesk desk = context.getBean(Frontdesk.class);
      HeraldLifecycle lifecycle = context.getBean(HeraldLifecycle.class);
      assertThat(lifecycle.registrations()).containsOnlyKeys(
          context.getBeanNamesForType(Frontdesk.class));
      bus.publish(new RoomBooked("101"));
      assertThat(desk.rooms()).containsExactly("101");

      context.close();
      assertThat(lifecycle.registrations()).isEmpty();
      assertThatThrownBy(() -> bus.publish(new RoomBooked("102")))
          .isInstanceOf(BusClosedException.class);
      assertThat(desk.rooms()).containsExactly("101");
    });
  }

  @Test
  void listenerBeansStayUnregisteredWhenSwitchedOff() {
    runner.withPropertyValues("herald.listeners.enabled=false").withBean(Frontdesk.class)
        .run(context -> {
          context.getBean(EventBus.class).publish(new RoomBooked("101"));
          assertThat(context.getBean(Frontdesk.class).rooms()).isEmpty();
          assertThat(context.getBean(HeraldLifecycle.class).registrations()).isEmpty();
        });
  }

  @Test
  void theBusClosesAfterItsDeliveriesAndBeforeListenerBeansAreDestroyed() {
    runner.withBean(SlowDesk.class).run(context -> {
      SlowDesk desk = context.getBean(SlowDesk.class);
      context.getBean(EventBus.class).publish(new RoomBooked("101"));
      context.close();
      assertThat(desk.events).containsExactly("heard 101", "destroyed after the bus closed");
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBus {
    @Bean
    EventBus ownBus() {
      return EventBus.builder().source("own").build();
    }
  }

  /** Hears asynchronously, so that the bus's close must wait for the delivery. */
  public static class SlowDesk implements DisposableBean {
    final List<String> events = new CopyOnWriteArrayList<>();
    private final EventBus bus;

    SlowDesk(EventBus bus) {
      this.bus = bus;
    }

    @Subscribe(delivery = Delivery.ASYNC)
    void on(RoomBooked booked) throws InterruptedException {
      Thread.sleep(300); // a slow delivery, still running when the context starts closing
      events.add("heard " + booked.roomId());
    }

    @Override
    public void destroy() {
      boolean closed = bus.health().components().get("bus").status() == Health.Status.DOWN;
      events.add(closed ? "destroyed after the bus closed" : "destroyed while the bus was open");
    }
  }
}
