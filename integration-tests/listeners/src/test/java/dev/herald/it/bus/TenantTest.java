package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.Registration;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tenant-scoped subscriptions see their tenant's events only: never another's, never tenant-less ones. */
@Timeout(60)
class TenantTest {

  private final EventBus bus = EventBus.builder().source("test").build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  private static Metadata tenant(String id) {
    return Metadata.builder().tenant(id).build();
  }

  private void publishForEveryTenant() {
    bus.publish(new Ping(1), tenant("acme"));
    bus.publish(new Ping(2), tenant("globex"));
    bus.publish(new Ping(3));
    bus.publish(new Ping(4), tenant("acme"));
    bus.publish(new Ping(5), tenant("acme-corp"));
  }

  @ParameterizedTest
  @EnumSource(Delivery.class)
  void aTenantScopedSubscriptionSeesOnlyItsTenantsEvents(Delivery mode) throws Exception {
    List<Integer> acme = new CopyOnWriteArrayList<>();
    List<Integer> everyone = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> acme.add(p.n()),
        SubscribeOptions.named("acme").delivery(mode).tenant("acme"));
    bus.subscribe(Ping.class, p -> everyone.add(p.n()), SubscribeOptions.defaults().delivery(mode));
    List<Envelope<?>> byPattern = new CopyOnWriteArrayList<>();
    bus.subscribe("test:*", byPattern::add,
        SubscribeOptions.defaults().delivery(mode).tenant("globex"));

    publishForEveryTenant();
    Await.idle(bus);

    assertThat(acme).containsExactlyInAnyOrder(1, 4);
    assertThat(everyone).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(byPattern).singleElement()
        .satisfies(e -> assertThat(e.tenantId()).isEqualTo("globex"));
  }

  static final class TenantListener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Subscribe
    void ping(Envelope<Ping> ping) {
      heard.add(ping.tenantId() + " ping " + ping.payload().n());
    }

    @Subscribe(delivery = Delivery.ASYNC)
    void pong(Pong pong) {
      heard.add("pong " + pong.n());
    }
  }

  @Test
  void aListenerRegisteredForATenantHearsOnlyThatTenant() throws Exception {
    TenantListener acme = new TenantListener();
    TenantListener all = new TenantListener();
    Registration registration = bus.register(acme, "acme");
    bus.register(all);

    publishForEveryTenant();
    bus.publish(new Pong(1), tenant("globex"));
    bus.publish(new Pong(2), tenant("acme"));
    Await.idle(bus);

    assertThat(registration.subscriptions()).hasSize(2);
    assertThat(acme.heard).containsExactlyInAnyOrder("acme ping 1", "acme ping 4", "pong 2");
    assertThat(all.heard).hasSize(7);
  }

  @ParameterizedTest
  @EnumSource(Delivery.class)
  void eventsPublishedInsideAListenerInheritItsTenant(Delivery mode) throws Exception {
    bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())),
        SubscribeOptions.defaults().delivery(mode));
    List<Envelope<?>> acme = new CopyOnWriteArrayList<>();
    List<Envelope<?>> globex = new CopyOnWriteArrayList<>();
    bus.subscribe("test:pong", acme::add, SubscribeOptions.defaults().tenant("acme"));
    bus.subscribe("test:pong", globex::add, SubscribeOptions.defaults().tenant("globex"));

    Envelope<Ping> ping = bus.publish(new Ping(1),
        Metadata.builder().tenant("acme").correlationId("req-1").build());
    Await.idle(bus);

    assertThat(globex).isEmpty();
    assertThat(acme).singleElement().satisfies(pong -> {
      assertThat(pong.tenantId()).isEqualTo("acme");
      assertThat(pong.correlationId()).isEqualTo("req-1");
      assertThat(pong.causationId()).isEqualTo(ping.id());
    });
  }

  @Test
  void aListenerMayPublishForAnotherTenantExplicitly() throws Exception {
    bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n()), tenant("globex")));
    List<Pong> acme = new CopyOnWriteArrayList<>();
    List<Pong> globex = new CopyOnWriteArrayList<>();
    bus.subscribe(Pong.class, acme::add, SubscribeOptions.defaults().tenant("acme"));
    bus.subscribe(Pong.class, globex::add, SubscribeOptions.defaults().tenant("globex"));

    bus.publish(new Ping(1), tenant("acme"));

    assertThat(acme).isEmpty();
    assertThat(globex).containsExactly(new Pong(1));
  }

  static final class FlakyDesk {
    final List<Integer> heard = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Subscribe(maxAttempts = 1)
    void ping(Ping ping) {
      if (down) {
        throw new IllegalStateException("desk closed");
      }
      heard.add(ping.n());
    }
  }

  @Test
  void aReplayGoesToTheSubscriberOfTheLettersTenantThoughBothHaveOneName() throws Exception {
    FlakyDesk globex = new FlakyDesk(); // registered first: a replay by name alone would pick it
    FlakyDesk acme = new FlakyDesk();
    bus.register(globex, "globex");
    bus.register(acme, "acme");
    acme.down = true;
    bus.publish(new Ping(7), tenant("acme"));
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);

    acme.down = false;
    assertThat(bus.replay(letter)).isTrue();

    assertThat(acme.heard).containsExactly(7);
    assertThat(globex.heard).isEmpty();
  }

  @Test
  void aTenantMustNotBeBlank() {
    assertThatThrownBy(() -> SubscribeOptions.defaults().tenant(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
