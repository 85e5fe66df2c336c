package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Alarm;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A critical event is never lost: when nobody hears it, it waits in the dead-letter store. */
@Timeout(60)
class CriticalEventsTest {

  private final EventBus bus = EventBus.builder().source("test").build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  @Test
  void aCriticalEventNobodyHearsIsDeadLetteredAndReplayedOnceSomeoneListens() throws Exception {
    Envelope<Alarm> sent = bus.publish(new Alarm("smoke"));

    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.NO_SUBSCRIBER);
    assertThat(letter.subscriber()).isEqualTo(DeadLetter.NO_SUBSCRIBER);
    assertThat(letter.envelope().id()).isEqualTo(sent.id());
    assertThat(letter.attempts()).isZero();

    List<Envelope<?>> heard = new CopyOnWriteArrayList<>();
    bus.subscribe("alarm:*", heard::add);
    assertThat(bus.replay(letter)).isTrue();

    assertThat(heard).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(sent.id());
      assertThat(e.payload()).isEqualTo(new Alarm("smoke"));
    });
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void replayingANoSubscriberLetterWhileStillNobodyListensKeepsIt() {
    bus.publish(new Alarm("smoke"));
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    assertThat(bus.replay(letter)).isFalse();
    assertThat(bus.deadLetters().get(letter.id())).isPresent();
  }

  @Test
  void aSubscriberOfAnotherTenantDoesNotCount() {
    List<Alarm> acme = new CopyOnWriteArrayList<>();
    bus.subscribe(Alarm.class, acme::add, SubscribeOptions.named("acme-alarms").tenant("acme"));

    bus.publish(new Alarm("globex smoke"), Metadata.builder().tenant("globex").build());
    bus.publish(new Alarm("no tenant"));
    bus.publish(new Alarm("acme smoke"), Metadata.builder().tenant("acme").build());

    assertThat(acme).containsExactly(new Alarm("acme smoke"));
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .extracting(l -> ((Alarm) l.envelope().payload()).what(), DeadLetter::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("globex smoke", DeadLetter.Reason.NO_SUBSCRIBER),
            org.assertj.core.groups.Tuple.tuple("no tenant", DeadLetter.Reason.NO_SUBSCRIBER));
  }

  @Test
  void aCancelledSubscriberDoesNotCount() {
    bus.subscribe(Alarm.class, a -> { }).cancel();
    bus.publish(new Alarm("smoke"));
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isEqualTo(1);
  }

  @Test
  void anAsyncSubscriberCountsAsAListener() throws Exception {
    List<TaskCreated> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(TaskCreated.class, heard::add,
        SubscribeOptions.defaults().delivery(Delivery.ORDERED));
    bus.publish(new TaskCreated("t1", "Towels"));
    Await.idle(bus);
    assertThat(heard).hasSize(1);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void anOrdinaryEventNobodyHearsIsNotADeadLetter() {
    bus.publish(new Ping(1));
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void aCriticalEventIsNotLostToAOnceSubscriptionThatIsAlreadyTaken() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<TaskCreated> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(TaskCreated.class, t -> {
      heard.add(t);
      inHandler.countDown();
      try {
        release.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, SubscribeOptions.named("first-task").delivery(Delivery.ASYNC).once());

    bus.publish(new TaskCreated("t1", "Towels"));
    Await.latch(inHandler);
    bus.publish(new TaskCreated("t2", "Pillows")); // the once-subscription is taken by t1
    release.countDown();
    Await.idle(bus);

    assertThat(heard).extracting(TaskCreated::taskId).containsExactly("t1");
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .as("t2 was heard by nobody, so it must be a dead letter")
        .singleElement().satisfies(letter -> {
          assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.NO_SUBSCRIBER);
          assertThat(((TaskCreated) letter.envelope().payload()).taskId()).isEqualTo("t2");
        });
  }
}
