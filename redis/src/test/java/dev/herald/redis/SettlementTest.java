package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.redis.Settlement.Verdict;
import dev.herald.redis.it.Job;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.spi.DeadLetterScope;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.TransportCounters;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an outcome does to its entry: the decisions alone, then their effects in a real Redis. */
@Timeout(60)
class SettlementTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final EventBus bus = EventBus.builder().source("billing").build();
  private Envelope<Job> envelope;
  private String namespace;
  private String stream;
  private Connections connections;
  private RedisDeadLetterStore deadLetters;
  private Acknowledgements acks;
  private Settlement settlement;
  private final TransportCounters counters = new TransportCounters("redis");

  @BeforeEach
  void setUp() {
    envelope = Envelope.of(bus.keyOf(Job.class).orElseThrow(), new Job(7), "evt_7", NOW, "gateway",
        null, null, null, Map.of());
    namespace = "settle" + System.nanoTime();
    stream = namespace + ":stream:job:queued";
    TransportSettings settings = new TransportSettings();
    settings.namespace = namespace;
    settings.maxDeliveries = 3;
    settings.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    RedisURI uri = RedisURI.create(redis.uri());
    connections = new Connections(io.lettuce.core.RedisClient.create(uri), uri, true,
        settings.clock);
    deadLetters = new RedisDeadLetterStore(connections, false, namespace,
        new DeadLetterScope("billing"), CloudEvents.of(bus.events()), settings.clock);
    acks = new Acknowledgements(connections, "billing");
    settlement = new Settlement(settings, "billing", deadLetters, acks, counters);
  }

  @AfterEach
  void tearDown() {
    connections.close();
    bus.close(Duration.ofSeconds(5));
  }

  private DeliveryOutcome succeeded() {
    return new DeliveryOutcome(envelope, 2, List.of());
  }

  private DeliveryOutcome failed(String... reasons) {
    return new DeliveryOutcome(envelope, reasons.length, java.util.Arrays.stream(reasons)
        .map(reason -> new DeliveryOutcome.Failure("charge-" + reason, reason,
            IllegalStateException.class.getName(), "card declined", 2))
        .toList());
  }

  @Test
  void verdicts() {
    assertThat(Settlement.verdict(succeeded(), null, 3, 3)).isEqualTo(Verdict.ACKNOWLEDGE);
    assertThat(Settlement.verdict(failed("SHUTDOWN"), null, 3, 3))
        .as("the bus closed before running it").isEqualTo(Verdict.LEAVE_PENDING);
    assertThat(Settlement.verdict(failed("SHUTDOWN", "FAILED"), null, 1, 3))
        .isEqualTo(Verdict.REDELIVER);
    assertThat(Settlement.verdict(failed("FAILED"), null, 2, 3)).isEqualTo(Verdict.REDELIVER);
    assertThat(Settlement.verdict(failed("FAILED"), null, 3, 3)).isEqualTo(Verdict.DEAD_LETTER);
    assertThat(Settlement.verdict(null, new IllegalStateException("bus gone"), 1, 3))
        .isEqualTo(Verdict.REDELIVER);
    assertThat(Settlement.verdict(null, new IllegalStateException("bus gone"), 3, 3))
        .isEqualTo(Verdict.DEAD_LETTER);
  }

  /** An entry of the test's stream, read by consumer "me" of group billing: pending. */
  @SuppressWarnings("unchecked")
  private StreamMessage<String, byte[]> readEntry() {
    redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), "billing",
        XGroupCreateArgs.Builder.mkstream());
    redis.commands().xadd(stream, Map.of(RedisTransport.TYPE, "job:queued",
        RedisTransport.EVENT, new String(CloudEvents.of(bus.events()).toJson(envelope),
            StandardCharsets.UTF_8)));
    return connections.shared().sync().xreadgroup(io.lettuce.core.Consumer.from("billing", "me"),
        XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed(stream)).get(0);
  }

  private long pending() {
    return redis.commands().xpending(stream, "billing").getCount();
  }

  @Test
  void aSuccessIsAcknowledgedWhenTheQueueIsFlushed() throws Exception {
    StreamMessage<String, byte[]> entry = readEntry();

    settlement.settle(entry, envelope, 1, succeeded(), null);

    assertThat(acks.isQueued(stream, entry.getId())).isTrue();
    assertThat(pending()).as("queued, not sent").isEqualTo(1);
    acks.flushAndAwait(Duration.ofSeconds(5));
    assertThat(pending()).isZero();
    assertThat(acks.queued()).isZero();
  }

  @Test
  void aFailureBeforeTheLastDeliveryStaysPending() throws Exception {
    StreamMessage<String, byte[]> entry = readEntry();

    settlement.settle(entry, envelope, 2, failed("FAILED"), null);
    acks.flushAndAwait(Duration.ofSeconds(5));

    assertThat(pending()).isEqualTo(1);
    assertThat(deadLetters.count(DeadLetterQuery.all())).isZero();
    assertThat(counters.snapshot().deadLettered()).isZero();
  }

  @Test
  void theLastFailedDeliveryIsDeadLetteredPerSubscriberAndAcknowledgedWithTheLetter() {
    StreamMessage<String, byte[]> entry = readEntry();

    settlement.settle(entry, envelope, 3, failed("FAILED", "BACKPRESSURE", "TIMEOUT"), null);

    assertThat(pending()).as("acknowledged by the dead-letter script").isZero();
    List<DeadLetter> letters = deadLetters.list(DeadLetterQuery.all());
    assertThat(letters).extracting(DeadLetter::subscriber)
        .containsExactly("charge-FAILED", "charge-BACKPRESSURE", "charge-TIMEOUT");
    assertThat(letters).as("a reason the store does not know is a failure")
        .extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.FAILED,
            DeadLetter.Reason.BACKPRESSURE, DeadLetter.Reason.FAILED);
    assertThat(letters.get(0).errorMessage()).isEqualTo("card declined (delivery 3 of 3)");
    assertThat(letters.get(0).envelope().payload()).isEqualTo(new Job(7));
    assertThat(counters.snapshot().deadLettered()).as("one entry, however many letters")
        .isEqualTo(1);
    assertThat(letters.get(0).firstFailure()).isEqualTo(NOW);
    assertThat(acks.queued()).isZero();
  }

  @Test
  void anAbandonedEntryIsDeadLetteredWithItsDeliveryCount() {
    StreamMessage<String, byte[]> entry = readEntry();

    settlement.abandoned(entry, envelope, 3);

    assertThat(pending()).isZero();
    DeadLetter letter = deadLetters.list(DeadLetterQuery.all()).get(0);
    assertThat(letter.subscriber()).isEqualTo(DeadLetter.NO_SUBSCRIBER);
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.errorMessage()).contains("delivered 3 times to group billing")
        .contains("maxDeliveries is 3");
  }
}
