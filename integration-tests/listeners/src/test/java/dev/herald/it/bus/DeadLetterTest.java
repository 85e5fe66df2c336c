package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Alarm;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.it.contracts.TaskDone;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.Subscription;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a dead letter carries, and listing, paging, replaying, purging and counting them. */
@Timeout(60)
class DeadLetterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final EventBus bus = EventBus.builder().source("test").clock(clock).build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  private static void fail(String message) {
    throw new IllegalArgumentException(message);
  }

  @Test
  void aDeadLetterCarriesTheEnvelopeTheSubscriberTheErrorAndTheAttempts() throws Exception {
    AtomicInteger attempt = new AtomicInteger();
    bus.subscribe(Ping.class, p -> {
      clock.advance(Duration.ofSeconds(1)); // each attempt fails a second after the one before
      fail("bad ping " + p.n() + " on attempt " + attempt.incrementAndGet());
    }, SubscribeOptions.named("picky").delivery(Delivery.ASYNC).maxAttempts(3)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(1)));

    Envelope<Ping> sent = bus.publish(new Ping(7),
        Metadata.builder().correlationId("req-7").tenant("acme").header("channel", "sms").build());
    Await.idle(bus);

    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    assertThat(letter.id()).startsWith("dlq_");
    assertThat(letter.envelope().id()).isEqualTo(sent.id());
    assertThat(letter.envelope().payload()).isEqualTo(new Ping(7));
    assertThat(letter.envelope().correlationId()).isEqualTo("req-7");
    assertThat(letter.envelope().tenantId()).isEqualTo("acme");
    assertThat(letter.envelope().headers()).containsEntry("channel", "sms");
    assertThat(letter.subscriber()).isEqualTo("picky");
    assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
    assertThat(letter.errorType()).isEqualTo(IllegalArgumentException.class.getName());
    assertThat(letter.errorMessage()).isEqualTo("bad ping 7 on attempt 3");
    assertThat(letter.stackTrace()).startsWith(IllegalArgumentException.class.getName())
        .contains("DeadLetterTest.fail");
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.firstFailure()).isEqualTo(Instant.parse("2030-01-01T00:00:01Z"));
    assertThat(letter.lastFailure()).isEqualTo(Instant.parse("2030-01-01T00:00:03Z"));
    assertThat(bus.deadLetters().get(letter.id())).contains(letter);
  }

  /** Fills the store: 3 pings for "a" at t0, 2 pongs for "b" at t0+1h, 1 task:done for "c" at t0+2h. */
  private List<DeadLetter> someLetters() {
    bus.subscribe(Ping.class, p -> fail("a"), SubscribeOptions.named("a").maxAttempts(1));
    bus.subscribe(Pong.class, p -> fail("b"), SubscribeOptions.named("b").maxAttempts(1));
    bus.subscribe(TaskDone.class, p -> fail("c"), SubscribeOptions.named("c").maxAttempts(1));
    for (int i = 0; i < 3; i++) {
      bus.publish(new Ping(i));
    }
    clock.advance(Duration.ofHours(1));
    bus.publish(new Pong(1));
    bus.publish(new Pong(2));
    clock.advance(Duration.ofHours(1));
    bus.publish(new TaskDone("t1"));
    List<DeadLetter> all = bus.deadLetters().list(DeadLetterQuery.all());
    assertThat(all).hasSize(6);
    return all;
  }

  @Test
  void lettersAreListedOldestFirstWithFilters() {
    List<DeadLetter> all = someLetters();
    assertThat(all).extracting(DeadLetter::subscriber).containsExactly("a", "a", "a", "b", "b", "c");
    var store = bus.deadLetters();
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");

    assertThat(store.list(DeadLetterQuery.all().type("test:*"))).hasSize(5);
    assertThat(store.list(DeadLetterQuery.all().type("test:pong")))
        .extracting(l -> (Object) l.envelope().payload()).containsExactly(new Pong(1), new Pong(2));
    assertThat(store.list(DeadLetterQuery.all().type("task:#"))).hasSize(1);
    assertThat(store.list(DeadLetterQuery.all().subscriber("a"))).hasSize(3)
        .allSatisfy(l -> assertThat(l.envelope().type()).isEqualTo("test:ping"));
    assertThat(store.list(DeadLetterQuery.all().since(t0.plus(Duration.ofHours(1)))))
        .extracting(DeadLetter::subscriber).containsExactly("b", "b", "c");
    assertThat(store.list(DeadLetterQuery.all().since(t0.plus(Duration.ofMinutes(61)))))
        .extracting(DeadLetter::subscriber).containsExactly("c");
    assertThat(store.list(DeadLetterQuery.all().type("test:*").subscriber("b")
        .since(t0.plus(Duration.ofHours(2))))).isEmpty();
    assertThat(store.count(DeadLetterQuery.all().type("test:*").limit(1))).isEqualTo(5);
  }

  @Test
  void pagesCoverEveryLetterOnce() {
    List<DeadLetter> all = someLetters();
    List<DeadLetter> paged = new ArrayList<>();
    for (int offset = 0; ; offset += 4) {
      List<DeadLetter> page = bus.deadLetters().list(DeadLetterQuery.all().offset(offset).limit(4));
      assertThat(page.size()).isLessThanOrEqualTo(4);
      if (page.isEmpty()) {
        break;
      }
      paged.addAll(page);
    }
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all().subscriber("a").offset(1).limit(1)))
        .containsExactly(all.get(1));
  }

  @Test
  void purgeRemovesTheMatchingLettersAndSaysHowMany() {
    someLetters();
    assertThat(bus.deadLetters().purge(DeadLetterQuery.all().type("test:ping").limit(1))).isEqualTo(3);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isEqualTo(3);
    assertThat(bus.deadLetters().purge(DeadLetterQuery.all().type("test:ping"))).isZero();
    assertThat(bus.deadLetters().purge(DeadLetterQuery.all())).isEqualTo(3);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void replayDeliversToTheSameSubscriberOnlyAndDeletesTheLetter() {
    AtomicBoolean broken = new AtomicBoolean(true);
    List<Envelope<?>> flakyHeard = new CopyOnWriteArrayList<>();
    List<Integer> othersHeard = new CopyOnWriteArrayList<>();
    bus.subscribe("test:ping", e -> {
      if (broken.get()) {
        fail("still broken");
      }
      flakyHeard.add(e);
    }, SubscribeOptions.named("flaky").maxAttempts(1));
    bus.subscribe(Ping.class, p -> othersHeard.add(p.n()), SubscribeOptions.named("healthy"));

    Envelope<Ping> sent = bus.publish(new Ping(1));
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    broken.set(false);

    assertThat(bus.replay(letter)).isTrue();

    assertThat(flakyHeard).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(sent.id());
      assertThat(e.payload()).isEqualTo(new Ping(1));
    });
    assertThat(othersHeard).containsExactly(1); // only the original delivery
    assertThat(bus.deadLetters().get(letter.id())).isEmpty();
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
  }

  @Test
  void aFailingReplayKeepsTheLetterWithOneMoreAttemptAndTheNewError() {
    AtomicInteger calls = new AtomicInteger();
    bus.subscribe(Ping.class, p -> fail("failure " + calls.incrementAndGet()),
        SubscribeOptions.named("hopeless").maxAttempts(1));
    bus.publish(new Ping(1));
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    Instant replayedAt = clock.advance(Duration.ofMinutes(5));

    assertThat(bus.replay(letter)).isFalse();

    DeadLetter kept = bus.deadLetters().get(letter.id()).orElseThrow();
    assertThat(kept.attempts()).isEqualTo(letter.attempts() + 1);
    assertThat(kept.errorMessage()).isEqualTo("failure 2");
    assertThat(kept.firstFailure()).isEqualTo(letter.firstFailure());
    assertThat(kept.lastFailure()).isEqualTo(replayedAt);
    assertThat(kept.envelope()).isSameAs(letter.envelope());
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isEqualTo(1);
  }

  @Test
  void replayingAQueryReplaysEachMatchingLetter() {
    AtomicBoolean broken = new AtomicBoolean(true);
    List<Integer> replayed = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> {
      if (broken.get()) {
        fail("down");
      }
      replayed.add(p.n());
    }, SubscribeOptions.named("recovering").maxAttempts(1));
    bus.subscribe(Pong.class, p -> fail("pong down"), SubscribeOptions.named("other").maxAttempts(1));
    for (int i = 1; i <= 3; i++) {
      bus.publish(new Ping(i));
    }
    bus.publish(new Pong(1));
    broken.set(false);

    assertThat(bus.replay(DeadLetterQuery.all().subscriber("recovering"))).isEqualTo(3);

    assertThat(replayed).containsExactly(1, 2, 3);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .singleElement().satisfies(l -> assertThat(l.subscriber()).isEqualTo("other"));
  }

  @Test
  void replayingToASubscriberThatIsGoneSaysSoAndKeepsTheLetter() {
    Subscription gone = bus.subscribe(Ping.class, p -> fail("x"),
        SubscribeOptions.named("gone").maxAttempts(1));
    bus.publish(new Ping(1));
    gone.cancel();
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);

    assertThatThrownBy(() -> bus.replay(letter)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'gone'").hasMessageContaining(letter.id());
    assertThat(bus.deadLetters().get(letter.id())).isPresent();
  }

  @Test
  void theInMemoryStoreIsBoundedAndKeepsTheNewest() {
    EventBus small = EventBus.builder().source("small")
        .deadLetters(dev.herald.runtime.deadletter.DeadLetterStore.inMemory(3)).build();
    try {
      for (int i = 1; i <= 5; i++) {
        small.publish(new Alarm("alarm " + i)); // critical, nobody listens
      }
      assertThat(small.deadLetters().list(DeadLetterQuery.all()))
          .extracting(l -> ((Alarm) l.envelope().payload()).what())
          .containsExactly("alarm 3", "alarm 4", "alarm 5");
    } finally {
      small.close(Duration.ofSeconds(5));
    }
  }
}
