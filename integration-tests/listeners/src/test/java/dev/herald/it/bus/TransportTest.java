package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.TaskCreated;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus's side of a transport, with a loopback transport that carries {@code test:ping}: carried
 * events leave through {@code send} and are heard only when they come back; the outcome of a received
 * envelope reports final failures to the transport instead of the dead-letter store.
 */
@Timeout(60)
class TransportTest {

  private final Loopback transport = new Loopback();
  private final EventBus bus = EventBus.builder().source("transported").transport(transport)
      .build();

  @AfterEach
  void close() {
    bus.close(Duration.ofSeconds(5));
  }

  @Test
  void carriedEventsAreHeardOnlyWhenTheTransportHandsThemBack() throws Exception {
    List<Integer> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> heard.add(p.n()));
    bus.start();

    Envelope<Ping> sent = bus.publish(new Ping(1), Metadata.builder().tenant("acme").build());

    assertThat(heard).as("not delivered locally on publish").isEmpty();
    assertThat(transport.sent).containsExactly(sent);
    DeliveryOutcome outcome = transport.receive(sent).get(10, TimeUnit.SECONDS);
    assertThat(heard).containsExactly(1);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.heard()).isEqualTo(1);
  }

  @Test
  void eventsTheTransportDoesNotCarryStayInProcess() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(TaskCreated.class, t -> heard.add(t.taskId()));

    bus.publish(new TaskCreated("t-1", "towels"));

    assertThat(heard).containsExactly("t-1");
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void theOutcomeWaitsForEveryModeAndReportsFinalFailuresInsteadOfDeadLettering()
      throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    List<String> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Ping.class, p -> heard.add("sync"));
    bus.subscribe(Ping.class, p -> heard.add("async"),
        SubscribeOptions.named("async").delivery(Delivery.ASYNC));
    bus.subscribe(Ping.class, p -> heard.add("ordered"),
        SubscribeOptions.named("ordered").delivery(Delivery.ORDERED));
    bus.subscribe(Ping.class, p -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("channel down");
    }, SubscribeOptions.named("flaky").delivery(Delivery.ASYNC).maxAttempts(2));
    bus.start();

    Envelope<Ping> sent = bus.publish(new Ping(7));
    DeliveryOutcome outcome = transport.receive(sent).get(10, TimeUnit.SECONDS);

    assertThat(heard).containsExactlyInAnyOrder("sync", "async", "ordered");
    assertThat(attempts).as("retried by the bus first").hasValue(2);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.heard()).isEqualTo(4);
    assertThat(outcome.failures()).singleElement().satisfies(failure -> {
      assertThat(failure.subscriber()).isEqualTo("flaky");
      assertThat(failure.reason()).isEqualTo("FAILED");
      assertThat(failure.errorType()).isEqualTo(IllegalStateException.class.getName());
      assertThat(failure.message()).isEqualTo("channel down");
      assertThat(failure.attempts()).isEqualTo(2);
    });
    Await.idle(bus);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all()))
        .as("the transport decides, the bus does not dead-letter").isZero();
  }

  @Test
  void aFailingSyncListenerIsRetriedBeforeTheOutcomeCompletes() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    bus.subscribe(Ping.class, p -> {
      if (attempts.incrementAndGet() < 2) {
        throw new IllegalStateException("once");
      }
    }, SubscribeOptions.named("sync-flaky").maxAttempts(3));
    bus.start();

    DeliveryOutcome outcome = transport.receive(bus.publish(new Ping(3)))
        .get(10, TimeUnit.SECONDS);

    assertThat(attempts).hasValue(2);
    assertThat(outcome.succeeded()).isTrue();
  }

  @Test
  void anEnvelopeNobodyHearsSucceedsAtOnce() throws Exception {
    bus.start();
    DeliveryOutcome outcome = transport.receive(bus.publish(new Ping(4))).get(1, TimeUnit.SECONDS);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.heard()).isZero();
  }

  @Test
  void aFailedSendFailsThePublish() {
    transport.refuse = true;
    assertThatThrownBy(() -> bus.publish(new Ping(5)))
        .isInstanceOf(TransportException.class).hasMessageContaining("loopback refused");
  }

  @Test
  void publishAsyncCompletesWhenTheTransportHoldsTheEventAndPublishesLocalEventsAtOnce()
      throws Exception {
    List<String> heardLocally = new CopyOnWriteArrayList<>();
    bus.subscribe(TaskCreated.class, t -> heardLocally.add(t.taskId()));
    bus.start();

    Envelope<Ping> carried = bus.publishAsync(new Ping(7)).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertThat(transport.sent).containsExactly(carried);
    assertThat(carried.payload()).isEqualTo(new Ping(7));
    assertThat(bus.metrics().snapshot().type("test:ping").published()).isEqualTo(1);

    CompletableFuture<Envelope<TaskCreated>> local =
        bus.publishAsync(new TaskCreated("t-1", "towels")).toCompletableFuture();
    assertThat(local).as("kept in the process: published as by publish").isCompleted();
    assertThat(heardLocally).containsExactly("t-1");
  }

  @Test
  void aFailedAsyncSendFailsItsStageAndPublishAllReportsEveryFailureAfterSendingTheRest() {
    transport.refuse = true;
    assertThat(bus.publishAsync(new Ping(5)).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
        .havingCause().isInstanceOf(TransportException.class)
        .withMessageContaining("loopback refused");

    transport.refuse = false;
    transport.refuseOdd = true;
    assertThatThrownBy(() -> bus.publishAll(List.of(new Ping(1), new Ping(2), new Ping(3),
        new Ping(4))))
        .isInstanceOf(TransportException.class).hasMessageContaining("loopback refused")
        .satisfies(e -> assertThat(e.getSuppressed()).as("the second odd one").hasSize(1));
    assertThat(transport.sent).as("the others were sent, in order")
        .extracting(e -> ((Ping) e.payload()).n()).containsExactly(2, 4);
  }

  @Test
  void startIsIdempotentAndCloseClosesTheTransport() {
    bus.start();
    bus.start();
    assertThat(transport.starts).hasValue(1);
    bus.close(Duration.ofSeconds(5));
    assertThat(transport.closed).isTrue();
  }

  /** Carries {@code test:ping}; {@link #receive} hands an envelope back as if another process sent it. */
  private static final class Loopback implements Transport {
    final List<Envelope<?>> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger starts = new AtomicInteger();
    volatile Inbound inbound;
    volatile boolean refuse;
    /** Refuses pings with an odd number. */
    volatile boolean refuseOdd;
    volatile boolean closed;

    @Override
    public boolean carries(EventKey<?> key) {
      return key.name().equals("test:ping");
    }

    @Override
    public void start(Inbound inbound) {
      starts.incrementAndGet();
      this.inbound = inbound;
    }

    @Override
    public void send(Envelope<?> envelope) {
      if (refuse || refuseOdd && ((Ping) envelope.payload()).n() % 2 == 1) {
        throw new TransportException("loopback refused " + envelope.id());
      }
      sent.add(envelope);
    }

    CompletableFuture<DeliveryOutcome> receive(Envelope<?> envelope) {
      assertThat(inbound).as("started").isNotNull();
      assertThat(inbound.events()).anyMatch(key -> key.equals(envelope.key()));
      return inbound.deliver(envelope).toCompletableFuture();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
