package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.it.contracts.RoomBooked;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.Registration;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Registering listeners and the remaining entry points of the bus. */
@Timeout(60)
class RegistrationTest {

  private final EventBus bus = EventBus.builder().source("test").build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  abstract static class AuditBase {
    final List<String> heard = new CopyOnWriteArrayList<>();

    @Subscribe(delivery = Delivery.ORDERED)
    void booked(RoomBooked booking) {
      heard.add("base booked " + booking.sequence());
    }
  }

  static final class Audit extends AuditBase {
    @Subscribe
    void ping(Ping ping) {
      heard.add("own ping " + ping.n());
    }
  }

  @Test
  void aListenerHearsItsSuperclassesSubscribeMethodsInTheirDeliveryMode() throws Exception {
    Audit audit = new Audit();
    Registration registration = bus.register(audit);

    bus.publish(new Ping(1));
    bus.publish(new RoomBooked("r", 1));
    Await.idle(bus);

    assertThat(registration.listener()).isSameAs(audit);
    assertThat(registration.subscriptions()).hasSize(2);
    assertThat(audit.heard).containsExactlyInAnyOrder("own ping 1", "base booked 1");
  }

  @Test
  void cancellingARegistrationCancelsEveryMethod() throws Exception {
    Audit audit = new Audit();
    Registration registration = bus.register(audit);
    assertThat(registration.isActive()).isTrue();

    registration.cancel();
    registration.cancel(); // idempotent

    bus.publish(new Ping(1));
    bus.publish(new RoomBooked("r", 1));
    Await.idle(bus);
    assertThat(audit.heard).isEmpty();
    assertThat(registration.isActive()).isFalse();
    assertThat(registration.subscriptions()).noneMatch(Subscription::isActive);
  }

  @Test
  void aSubscriptionCanCancelItselfFromItsHandler() {
    List<Integer> heard = new CopyOnWriteArrayList<>();
    Subscription[] self = new Subscription[1];
    self[0] = bus.subscribe(Ping.class, p -> {
      heard.add(p.n());
      self[0].cancel();
    });
    bus.publish(new Ping(1));
    bus.publish(new Ping(2));
    assertThat(heard).containsExactly(1);
  }

  @Test
  void subscribeEnvelopesSeesTheMetadata() {
    List<Envelope<TaskCreated>> heard = new CopyOnWriteArrayList<>();
    Subscription subscription = bus.subscribeEnvelopes(EventMap.TASK_CREATED, heard::add,
        SubscribeOptions.named("envelopes"));

    Envelope<TaskCreated> sent = bus.publish(new TaskCreated("t1", "Towels"),
        Metadata.builder().correlationId("req-1").tenant("acme").header("channel", "sms").build());

    assertThat(subscription.name()).isEqualTo("envelopes");
    assertThat(heard).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(sent.id());
      assertThat(e.payload().title()).isEqualTo("Towels");
      assertThat(e.correlationId()).isEqualTo("req-1");
      assertThat(e.tenantId()).isEqualTo("acme");
      assertThat(e.headers()).containsEntry("channel", "sms");
      assertThat(e.key()).isSameAs(EventMap.TASK_CREATED);
    });
  }

  @Test
  void aSyncSubscribeAsyncHandlersFailedStageIsAFailure() throws Exception {
    bus.subscribeAsync(EventMap.TEST_PING,
        p -> CompletableFuture.failedFuture(new IllegalStateException("later, failing")),
        SubscribeOptions.named("stage").maxAttempts(1));
    List<Integer> done = new CopyOnWriteArrayList<>();
    bus.subscribeAsync(EventMap.TEST_PING,
        p -> CompletableFuture.runAsync(() -> done.add(p.n())),
        SubscribeOptions.named("fine").delivery(Delivery.ASYNC));

    bus.publish(new Ping(1));
    Await.idle(bus);

    assertThat(done).containsExactly(1);
    Await.until("the failed stage is dead-lettered",
        () -> bus.deadLetters().count(DeadLetterQuery.all().subscriber("stage")) == 1);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()).get(0).errorMessage())
        .isEqualTo("later, failing");
  }

  @Test
  void publishAllPublishesInOrderWithTheSameMetadata() {
    List<Envelope<?>> heard = new CopyOnWriteArrayList<>();
    bus.subscribe("test:*", heard::add);

    List<Envelope<?>> sent = bus.publishAll(List.of(new Ping(1), new Pong(2), new Ping(3)),
        Metadata.builder().correlationId("batch-1").build());

    assertThat(sent).extracting(Envelope::type).containsExactly("test:ping", "test:pong", "test:ping");
    assertThat(sent).extracting(Envelope::id).isSorted().doesNotHaveDuplicates();
    assertThat(heard).extracting(Envelope::id).containsExactlyElementsOf(
        sent.stream().map(Envelope::id).toList());
    assertThat(heard).allSatisfy(e -> assertThat(e.correlationId()).isEqualTo("batch-1"));
    assertThat(bus.publishAll(List.of(new Ping(4)))).singleElement()
        .satisfies(e -> assertThat(e.correlationId()).isEqualTo(e.id()));
  }

  @Test
  void publishByKey() {
    List<Ping> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(EventMap.TEST_PING, heard::add);

    Envelope<Ping> sent = bus.publish(EventMap.TEST_PING, new Ping(9));
    Envelope<Ping> withMetadata = bus.publish(EventMap.TEST_PING, new Ping(10),
        Metadata.builder().tenant("acme").build());

    assertThat(sent.key()).isSameAs(EventMap.TEST_PING);
    assertThat(sent.type()).isEqualTo("test:ping");
    assertThat(sent.version()).isEqualTo(1);
    assertThat(withMetadata.tenantId()).isEqualTo("acme");
    assertThat(heard).containsExactly(new Ping(9), new Ping(10));
  }

  record NotAnEvent(int n) {}

  @Test
  void keysAndEventsOfTheBus() {
    assertThat(bus.keyOf(Ping.class)).containsSame(EventMap.TEST_PING);
    assertThat(bus.keyOf(TaskCreated.class)).containsSame(EventMap.TASK_CREATED);
    assertThat(bus.keyOf(NotAnEvent.class)).isEmpty();
    List<EventKey<?>> events = bus.events();
    assertThat(events).contains(EventMap.TEST_PING, EventMap.TEST_PONG, EventMap.ROOM_BOOKED,
        EventMap.TASK_CREATED, EventMap.TASK_DONE, EventMap.ALARM_RAISED,
        dev.herald.runtime.events.EventMap.HERALD_DELIVERY_FAILED);
    assertThat(events).doesNotHaveDuplicates();
    assertThat(bus.source()).isEqualTo("test");
  }

  @Test
  void aPatternSubscriptionHearsEveryMatchingEvent() {
    List<String> heard = new CopyOnWriteArrayList<>();
    bus.subscribe("task:*", e -> heard.add(e.type()));
    bus.subscribe("#", e -> heard.add("all " + e.type()));

    bus.publish(new TaskCreated("t", "x"));
    bus.publish(new Ping(1));

    assertThat(heard).containsExactly("task:created", "all task:created", "all test:ping");
  }
}
