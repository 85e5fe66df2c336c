package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.FailurePolicy;
import dev.herald.annotations.Subscribe;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.ListenerOutcome;
import dev.herald.runtime.ListenerOutcome.Status;
import dev.herald.runtime.PublishResult;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.events.DeliveryFailed;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failure policies: DEAD_LETTER (retries, then a dead letter), PROPAGATE (the publisher gets the
 * listener's own exception once every SYNC listener has run), LOG (retries, then logged and
 * dropped, still counted and announced), and publishAndCollect, which reports instead of throwing.
 */
@Timeout(60)
class FailurePolicyTest {

  private final EventBus bus = EventBus.builder().source("test")
      .retry(RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
      .build();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<DeliveryFailed> announced = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  /** Validates first, then books; the validator's failure must reach the publisher. */
  final class Checkout {
    final IOException invalid = new IOException("card declined");

    @Subscribe(priority = 10, onFailure = FailurePolicy.PROPAGATE)
    void validate(Ping ping) throws IOException {
      ran.add("validate " + ping.n());
      if (ping.n() < 0) {
        throw invalid;
      }
    }

    @Subscribe
    void book(Ping ping) {
      ran.add("book " + ping.n());
    }
  }

  private void recordAnnouncements() {
    bus.subscribe(DeliveryFailed.class, announced::add);
  }

  @Test
  void publishThrowsThePropagatingListenersOwnCheckedExceptionAfterEverySyncListenerRan()
      throws Exception {
    Checkout checkout = new Checkout();
    bus.register(checkout);
    recordAnnouncements();

    assertThatThrownBy(() -> bus.publish(new Ping(-1))).isSameAs(checkout.invalid);

    assertThat(ran).containsExactly("validate -1", "book -1");
    assertThat(checkout.invalid.getSuppressed()).isEmpty();
    Await.idle(bus);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).as("the publisher has it").isEmpty();
    assertThat(bus.metrics().snapshot().type("test:ping").failed()).isEqualTo(1);
    assertThat(announced).singleElement().satisfies(failed -> {
      assertThat(failed.subscriber()).isEqualTo("Checkout.validate(Ping)");
      assertThat(failed.errorType()).isEqualTo(IOException.class.getName());
      assertThat(failed.willRetry()).isFalse();
    });
  }

  @Test
  void otherListenersFailuresAreSuppressedInThePropagatedOneAndKeepTheirOwnPolicy()
      throws Exception {
    Checkout checkout = new Checkout();
    bus.register(checkout);
    IllegalStateException other = new IllegalStateException("mailer down");
    bus.subscribe(Ping.class, p -> {
      throw other;
    }, SubscribeOptions.named("mailer").maxAttempts(1));

    assertThatThrownBy(() -> bus.publish(new Ping(-2))).isSameAs(checkout.invalid);

    assertThat(checkout.invalid.getSuppressed()).containsExactly(other);
    Await.idle(bus);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).extracting(DeadLetter::subscriber)
        .containsExactly("mailer");
  }

  @Test
  void aPublishThatFailsNowhereThrowsNothing() {
    bus.register(new Checkout());

    bus.publish(new Ping(1));

    assertThat(ran).containsExactly("validate 1", "book 1");
  }

  @Test
  void aPropagatedFailureOfAnEventPublishedInsideAListenerLeavesTheOutermostPublish() {
    IllegalArgumentException refused = new IllegalArgumentException("no pong");
    bus.subscribe(Ping.class, p -> {
      bus.publish(new Pong(p.n()));
      ran.add("ping listener returned");
    });
    bus.subscribe(Pong.class, p -> {
      ran.add("pong");
      throw refused;
    }, SubscribeOptions.named("pong").onFailure(FailurePolicy.PROPAGATE));

    assertThatThrownBy(() -> bus.publish(new Ping(3))).isSameAs(refused);

    assertThat(ran).as("the pong is delivered after the ping's listener returned")
        .containsExactly("ping listener returned", "pong");
  }

  @Test
  void publishAndCollectReportsEverySyncOutcomeInOrderAndThrowsNothing() throws Exception {
    Checkout checkout = new Checkout();
    bus.register(checkout);
    IllegalStateException broken = new IllegalStateException("broken");
    bus.subscribe(Ping.class, p -> {
      throw broken;
    }, SubscribeOptions.named("broken").priority(5).maxAttempts(1));
    CompletableFuture<Void> later = new CompletableFuture<>();
    bus.subscribeAsync(EventMap.TEST_PING, p -> later, SubscribeOptions.named("later"));
    bus.subscribe(Ping.class, p -> ran.add("async"),
        SubscribeOptions.named("async").delivery(Delivery.ASYNC));

    PublishResult<Ping> result = bus.publishAndCollect(new Ping(-3));

    assertThat(result.envelope().payload()).isEqualTo(new Ping(-3));
    assertThat(result.outcomes()).containsExactly(
        new ListenerOutcome("Checkout.validate(Ping)", Status.FAILED, checkout.invalid),
        new ListenerOutcome("broken", Status.FAILED, broken),
        new ListenerOutcome("Checkout.book(Ping)", Status.SUCCEEDED, null),
        new ListenerOutcome("later", Status.PENDING, null));
    assertThat(result.hasFailures()).isTrue();
    assertThat(result.failures()).extracting(ListenerOutcome::subscriber)
        .containsExactly("Checkout.validate(Ping)", "broken");
    later.complete(null);
    Await.idle(bus);
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .as("each failure still follows its subscriber's policy")
        .extracting(DeadLetter::subscriber).containsExactly("broken");
  }

  @Test
  void publishAndCollectWithoutFailures() {
    bus.register(new Checkout());

    PublishResult<Ping> result = bus.publishAndCollect(EventMap.TEST_PING, new Ping(4),
        dev.herald.runtime.Metadata.none());

    assertThat(result.hasFailures()).isFalse();
    assertThat(result.outcomes()).extracting(ListenerOutcome::status)
        .containsExactly(Status.SUCCEEDED, Status.SUCCEEDED);
  }

  @Test
  void publishAndCollectInsideASyncListenerIsRefusedWithTheReason() {
    List<Throwable> refused = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> {
      try {
        bus.publishAndCollect(new Pong(p.n()));
      } catch (IllegalStateException e) {
        refused.add(e);
      }
    });

    bus.publish(new Ping(5));

    assertThat(refused).singleElement().extracting(Throwable::getMessage).asString()
        .contains("publishAndCollect was called inside a SYNC listener of EventBus 'test'");
  }

  @Test
  void logRetriesThenDropsYetCountsAndAnnouncesEveryFailure() throws Exception {
    recordAnnouncements();
    bus.subscribe(Ping.class, p -> {
      throw new IllegalStateException("stale view");
    }, SubscribeOptions.named("view").delivery(Delivery.ASYNC).maxAttempts(3)
        .onFailure(FailurePolicy.LOG));

    bus.publish(new Ping(6));
    Await.idle(bus);

    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).isEmpty();
    assertThat(bus.metrics().snapshot().type("test:ping").failed()).isEqualTo(3);
    assertThat(bus.metrics().snapshot().type("test:ping").retried()).isEqualTo(2);
    assertThat(announced).extracting(DeliveryFailed::willRetry).containsExactly(true, true, false);
  }

  @Test
  void propagateIsForSyncConsumersOnlyWhicheverOptionComesFirst() {
    assertThatThrownBy(() -> SubscribeOptions.defaults().delivery(Delivery.ASYNC)
        .onFailure(FailurePolicy.PROPAGATE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FailurePolicy.PROPAGATE applies to SYNC delivery only");
    assertThatThrownBy(() -> SubscribeOptions.defaults().onFailure(FailurePolicy.PROPAGATE)
        .delivery(Delivery.ORDERED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ORDERED runs after publish has returned");
    assertThatThrownBy(() -> bus.subscribeAsync(EventMap.TEST_PING, p -> null,
        SubscribeOptions.defaults().onFailure(FailurePolicy.PROPAGATE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returns a CompletionStage");
  }
}
