package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.it.contracts.TaskDone;
import dev.herald.it.contracts.TaskEvent;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.Registration;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncDeliveryTest {

  private final EventBus bus = EventBus.builder().source("test").build();

  @AfterEach
  void close() {
    bus.close();
  }

  static final class Recorder {
    final List<String> seen = new ArrayList<>();
    final List<String> threads = new ArrayList<>();

    @Subscribe
    void ping(Ping ping) {
      seen.add("ping " + ping.n());
      threads.add(Thread.currentThread().getName());
    }

    @Subscribe(priority = 5)
    void task(TaskEvent task) {
      seen.add("task " + task.taskId());
    }

    @Subscribe(priority = 10)
    void created(Envelope<TaskCreated> created) {
      seen.add("created " + created.payload().taskId() + " " + created.type());
    }

    @Subscribe("test:*")
    void anyTest(Envelope<?> event) {
      seen.add("pattern " + event.type());
    }
  }

  @Test
  void registeredListenersHearTheirEventsOnThePublishersThread() {
    Recorder recorder = new Recorder();
    Registration registration = bus.register(recorder);
    assertThat(registration.subscriptions()).hasSize(4);

    bus.publish(new Ping(1));
    bus.publish(new TaskCreated("t1", "Towels"));
    bus.publish(new TaskDone("t1"));

    assertThat(recorder.seen).containsExactly("ping 1", "pattern test:ping",
        "created t1 task:created", "task t1", "task t1");
    assertThat(recorder.threads).containsOnly(Thread.currentThread().getName());
  }

  @Test
  void higherPriorityFirstThenRegistrationOrder() {
    List<String> order = new ArrayList<>();
    bus.subscribe(Ping.class, p -> order.add("a"));
    bus.subscribe(Ping.class, p -> order.add("b"), SubscribeOptions.defaults().priority(5));
    bus.subscribe(Ping.class, p -> order.add("c"));
    bus.subscribe(Ping.class, p -> order.add("d"), SubscribeOptions.defaults().priority(5));
    bus.subscribe(EventMap.TEST_PING, p -> order.add("e"), SubscribeOptions.defaults().priority(-1));

    bus.publish(new Ping(1));

    assertThat(order).containsExactly("b", "d", "a", "c", "e");
  }

  @Test
  void everyListenerSeesEventsInPublishOrderEvenWhenListenersPublish() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    // The first listener answers each ping with a pong, from inside its handler.
    bus.subscribe(Ping.class, p -> {
      first.add("ping " + p.n());
      bus.publish(new Pong(p.n()));
    }, SubscribeOptions.defaults().priority(1));
    bus.subscribe(Pong.class, p -> first.add("pong " + p.n()), SubscribeOptions.defaults().priority(1));
    bus.subscribe("test:*", e -> second.add(e.type() + " " + e.payload()));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    // Depth-first delivery would show the second listener pong 1 before ping 1.
    assertThat(second).containsExactly("test:ping Ping[n=1]", "test:pong Pong[n=1]",
        "test:ping Ping[n=2]", "test:pong Pong[n=2]");
    assertThat(first).containsExactly("ping 1", "pong 1", "ping 2", "pong 2");
  }

  @Test
  void publishingInsideAListenerInheritsCorrelationAndSetsCausation() {
    List<Envelope<?>> seen = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())));
    bus.subscribe("#", seen::add);

    Envelope<Ping> root = bus.publish(new Ping(7),
        Metadata.builder().correlationId("req-1").tenant("acme").header("channel", "sms").build());

    assertThat(seen).hasSize(2);
    Envelope<?> pong = seen.get(1);
    assertThat(root.correlationId()).isEqualTo("req-1");
    assertThat(root.causationId()).isNull();
    assertThat(root.headers()).containsEntry("channel", "sms");
    assertThat(pong.type()).isEqualTo("test:pong");
    assertThat(pong.correlationId()).isEqualTo("req-1");
    assertThat(pong.causationId()).isEqualTo(root.id());
    assertThat(pong.tenantId()).isEqualTo("acme");
  }

  @Test
  void aRootEventIsItsOwnCorrelation() {
    Envelope<Ping> root = bus.publish(new Ping(1));
    assertThat(root.correlationId()).isEqualTo(root.id());
    assertThat(root.id()).startsWith("evt_").hasSize(27);
    assertThat(root.source()).isEqualTo("test");
    assertThat(root.key()).isSameAs(EventMap.TEST_PING);
  }

  @Test
  void idsMadeLaterSortLater() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(bus.publish(new Ping(i)).id());
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aFailingListenerAffectsNeitherOthersNorThePublisher() {
    List<Integer> heard = new ArrayList<>();
    bus.subscribe(Ping.class, p -> {
      throw new IllegalStateException("listener bug");
    }, SubscribeOptions.named("broken").priority(1).maxAttempts(1));
    bus.subscribe(Ping.class, p -> heard.add(p.n()));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    assertThat(heard).containsExactly(1, 2);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all().subscriber("broken")))
        .isEqualTo(2);
  }

  @Test
  void cancelledSubscriptionsHearNothingMore() {
    List<Integer> heard = new ArrayList<>();
    var subscription = bus.subscribe(Ping.class, p -> heard.add(p.n()));
    bus.publish(new Ping(1));
    subscription.cancel();
    bus.publish(new Ping(2));
    assertThat(heard).containsExactly(1);
    assertThat(subscription.isActive()).isFalse();
  }

  @Test
  void onceSubscriptionsHearOneEvent() {
    List<Integer> heard = new ArrayList<>();
    var subscription = bus.once(Ping.class, p -> heard.add(p.n()));
    bus.publish(new Ping(1));
    bus.publish(new Ping(2));
    assertThat(heard).containsExactly(1);
    assertThat(subscription.isActive()).isFalse();
  }

  @Test
  void registeringAClassTheProcessorNeverSawSaysHowToFixIt() {
    assertThatThrownBy(() -> bus.register(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No Herald dispatcher for java.lang.Object")
        .hasMessageContaining("annotationProcessorPaths");
  }
}
