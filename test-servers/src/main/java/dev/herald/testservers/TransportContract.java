package dev.herald.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A transport in one JVM against a real server, several buses standing for several services:
 * every group hears every carried event once and settles it; a delivery that keeps failing is
 * delivered again, dead-lettered in the transport's store, and replayable. A subclass per
 * transport says how a bus connects and what its transport has not settled; its own tests check
 * the rest (the wire format, ordering, rejected records).
 *
 * <p>The buses carry the subclass's job event, {@code job:queued}, numbered. A subclass makes them
 * with {@link #busOn}, which closes them after each test.
 *
 * @param <J> the job event
 * @param <T> the transport
 */
@Timeout(120)
public abstract class TransportContract<J extends Record, T extends Transport> {

  private final Class<J> jobType;
  private final IntFunction<J> job;
  private final ToIntFunction<J> number;
  private final List<EventBus> buses = new ArrayList<>();
  private final Map<EventBus, T> transports = new HashMap<>();

  /** For the job event {@code jobType}: {@code job} makes job number n, {@code number} reads n. */
  protected TransportContract(Class<J> jobType, IntFunction<J> job, ToIntFunction<J> number) {
    this.jobType = jobType;
    this.job = job;
    this.number = number;
  }

  /**
   * A bus of {@code service} on {@code transport}, which keeps the bus's dead letters in
   * {@code deadLetters}; closed after the test.
   */
  protected final EventBus busOn(String service, T transport, DeadLetterStore deadLetters) {
    EventBus bus = EventBus.builder().source(service).transport(transport)
        .deadLetters(deadLetters).build();
    buses.add(bus);
    transports.put(bus, transport);
    return bus;
  }

  /** The transport of a bus from {@link #busOn}. */
  protected final T transportOf(EventBus bus) {
    return transports.get(bus);
  }

  @AfterEach
  void closeBuses() {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
  }

  /** A bus of {@code service} that consumes every carried event, with the default settings. */
  protected abstract EventBus bus(String service);

  /** A bus of {@code service} that publishes only. */
  protected abstract EventBus publishOnlyBus(String service);

  /**
   * A bus of {@code service} that dead-letters a delivery after {@code maxDeliveries} failed
   * ones, delivering a failed one again within a second.
   */
  protected abstract EventBus bus(String service, int maxDeliveries);

  /**
   * How many of the jobs delivered to {@code group} are not settled yet: received or on their way,
   * neither acknowledged nor committed.
   */
  protected abstract long unsettled(String group);

  /** Asserts that the publish-only bus {@code publisher} of {@code service} consumes nothing. */
  protected abstract void assertConsumesNothing(String service, EventBus publisher);

  /** Asserts that the transport keeps {@code letter}, which {@code bus} dead-lettered, its way. */
  protected abstract void assertKept(EventBus bus, DeadLetter letter);

  @Test
  void everyGroupHearsEveryEventOnceAndSettlesIt() {
    EventBus billing = bus("billing");
    EventBus audit = bus("audit");
    EventBus publisher = publishOnlyBus("gateway");
    List<Integer> billed = new CopyOnWriteArrayList<>();
    List<Integer> audited = new CopyOnWriteArrayList<>();
    billing.subscribe(jobType, job -> billed.add(number.applyAsInt(job)));
    audit.subscribe(jobType, job -> audited.add(number.applyAsInt(job)),
        SubscribeOptions.named("audit").delivery(Delivery.ASYNC));
    billing.start();
    audit.start();
    publisher.start();

    List<Integer> sent = IntStream.range(0, 50).boxed().toList();
    sent.forEach(n -> publisher.publish(job.apply(n)));

    Await.until(() -> billed.size() >= 50 && audited.size() >= 50, Duration.ofSeconds(30),
        () -> "billing heard " + billed.size() + ", audit " + audited.size() + " of 50");
    // Once nothing is unsettled, no delivery is under way: a duplicate would show below.
    Await.until(() -> unsettled("billing") == 0 && unsettled("audit") == 0,
        Duration.ofSeconds(20), () -> "unsettled: billing " + unsettled("billing") + ", audit "
            + unsettled("audit"));
    assertThat(billed).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(audited).containsExactlyInAnyOrderElementsOf(sent);
    assertConsumesNothing("gateway", publisher);
  }

  @Test
  void aDeliveryThatKeepsFailingIsRedeliveredThenDeadLetteredAndReplayable() {
    EventBus bus = bus("billing", 3);
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    List<Integer> charged = new CopyOnWriteArrayList<>();
    bus.subscribe(jobType, job -> {
      attempts.incrementAndGet();
      if (broken.get()) {
        throw new IllegalStateException("card declined for job " + number.applyAsInt(job));
      }
      charged.add(number.applyAsInt(job));
    }, SubscribeOptions.named("charge").delivery(Delivery.ASYNC).maxAttempts(2)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
    bus.start();
    Envelope<J> sent = bus.publish(job.apply(7));

    Await.until(() -> bus.deadLetters().count(DeadLetterQuery.all()) == 1, Duration.ofSeconds(30),
        () -> attempts.get() + " attempts, no dead letter yet");
    assertThat(attempts).as("3 deliveries of 2 attempts each").hasValue(6);
    assertThat(bus.metrics().transport()).satisfies(counted -> {
      assertThat(counted.received()).isEqualTo(1);
      assertThat(counted.redelivered()).isEqualTo(2);
      assertThat(counted.deadLettered()).isEqualTo(1);
    });
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    assertThat(letter.envelope().id()).isEqualTo(sent.id());
    assertThat(letter.envelope().payload()).isEqualTo(job.apply(7));
    assertThat(letter.subscriber()).isEqualTo("charge");
    assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
    assertThat(letter.errorType()).isEqualTo(IllegalStateException.class.getName());
    assertThat(letter.errorMessage()).contains("card declined for job 7")
        .contains("delivery 3 of 3");
    assertThat(bus.deadLetters().get(letter.id())).hasValueSatisfying(
        found -> assertThat(found.envelope().id()).isEqualTo(sent.id()));
    Await.until(() -> unsettled("billing") == 0, Duration.ofSeconds(20),
        () -> "dead-lettered deliveries are settled; unsettled " + unsettled("billing"));
    assertKept(bus, letter);

    broken.set(false);
    assertThat(bus.replay(letter)).isTrue();
    assertThat(charged).containsExactly(7);
    assertThat(bus.deadLetters().count(DeadLetterQuery.all())).isZero();
    assertThat(bus.deadLetters().get(letter.id())).isEmpty();
  }
}
