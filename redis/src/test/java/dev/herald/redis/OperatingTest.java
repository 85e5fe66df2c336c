package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.micrometer.HeraldMeterBinder;
import dev.herald.redis.it.Job;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.observability.TransportMetrics;
import dev.herald.testservers.Await;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator sees, against a real redis-server: a crashed consumer's entries taken over about
 * {@code claimIdle} after it died and counted, long-idle consumers removed from the group, where a
 * new group starts, and a publish-only process that joins no group.
 */
@Timeout(120)
class OperatingTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private final List<EventBus> buses = new ArrayList<>();
  private String namespace;

  @BeforeEach
  void namespace(TestInfo test) {
    namespace = "ops" + Math.abs(test.getDisplayName().hashCode()) + "-" + System.nanoTime();
  }

  @AfterEach
  void close() {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
  }

  private RedisTransport transport(UnaryOperator<RedisTransport.Builder> options) {
    return options.apply(RedisTransport.builder().uri(redis.uri()).namespace(namespace)
        .carries("job:*")).build();
  }

  private EventBus bus(String service, RedisTransport transport) {
    EventBus bus = EventBus.builder().source(service).transport(transport).build();
    buses.add(bus);
    return bus;
  }

  /** A publish-only process, and the stream of job:queued (created by the first publish). */
  private EventBus gateway() {
    EventBus gateway = bus("gateway", transport(RedisTransport.Builder::publishOnly));
    gateway.start();
    return gateway;
  }

  private String jobStream() {
    return transport(b -> b).streamOf("job:queued");
  }

  /** The names of the group's consumers on {@code stream}, with their pending counts. */
  private Map<String, Long> consumers(String stream, String group) {
    Map<String, Long> pending = new LinkedHashMap<>();
    for (Object consumer : redis.commands().xinfoConsumers(stream, group)) {
      List<?> fields = (List<?>) consumer;
      String name = null;
      long held = 0;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("name".equals(fields.get(i))) {
          name = (String) fields.get(i + 1);
        } else if ("pending".equals(fields.get(i))) {
          held = (Long) fields.get(i + 1);
        }
      }
      pending.put(name, held);
    }
    return pending;
  }

  @SuppressWarnings("unchecked") // one stream offset, passed as Lettuce's varargs
  private List<StreamMessage<String, String>> readAs(String consumer, String stream, int count) {
    return redis.commands().xreadgroup(Consumer.from("billing", consumer),
        XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream));
  }

  /** What the transport logs meanwhile (slf4j-simple writes to the current System.err). */
  private static final class LogLines implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogLines() {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    String text() {
      synchronized (captured) {
        return captured.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setErr(original);
      original.print(text());
    }
  }

  @ParameterizedTest(name = "claimIdle {0} s")
  @ValueSource(ints = {1, 5})
  void aCrashedConsumersEntriesAreTakenOverAboutClaimIdleAfterItsLastReadAndCounted(int seconds)
      throws Exception {
    Duration claimIdle = Duration.ofSeconds(seconds);
    EventBus gateway = gateway();
    String stream = jobStream();
    redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), "billing",
        XGroupCreateArgs.Builder.mkstream());
    for (int n = 1; n <= 3; n++) {
      gateway.publish(new Job(n));
    }
    // A consumer of billing reads the three entries and dies holding them. Redis starts their idle
    // time when it serves the read, so the clock starts before the read is sent: never later.
    long died = System.nanoTime();
    assertThat(readAs("billing-crashed@host", stream, 10)).hasSize(3);

    RedisTransport survivor = transport(b -> b.claimIdle(claimIdle));
    EventBus billing = bus("billing", survivor);
    List<Integer> charged = new CopyOnWriteArrayList<>();
    AtomicLong firstRedelivery = new AtomicLong();
    billing.subscribe(Job.class, job -> {
      firstRedelivery.compareAndSet(0, System.nanoTime());
      charged.add(job.n());
    });
    try (LogLines log = new LogLines()) {
      billing.start();
      Await.until(() -> charged.size() == 3, claimIdle.plusSeconds(20),
          () -> "charged " + charged + ", metrics " + survivor.metrics());
      // Logged when the pass ends, which may be after the listener ran.
      String line = "took over 3 pending entries from {billing-crashed@host=3}, idle";
      Await.until(() -> log.text().contains(line), Duration.ofSeconds(10), log::text);
      assertThat(log.text()).as("one line for the pass that took them over")
          .containsOnlyOnce(line);
    }
    long recoveryMillis = (firstRedelivery.get() - died) / 1_000_000;
    System.out.printf("claimIdle %d s: entries of the crashed consumer redelivered %d ms after"
        + " its last read%n", seconds, recoveryMillis);
    assertThat(recoveryMillis).as("redelivered after claimIdle, and within a second or two of it")
        // Redis counts idle time in whole milliseconds of its own clock: allow it one.
        .isBetween(claimIdle.toMillis() - 1, claimIdle.toMillis() + 2_500);
    assertThat(charged).containsExactlyInAnyOrder(1, 2, 3);

    TransportMetrics counted = billing.metrics().transport();
    assertThat(counted.transport()).isEqualTo("redis");
    assertThat(counted.claimed()).isEqualTo(3);
    assertThat(counted.redelivered()).isEqualTo(3);
    assertThat(counted.received()).as("never read new").isZero();
    assertThat(counted.deadLettered()).isZero();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new HeraldMeterBinder(billing).bindTo(registry);
    assertThat(registry.get("herald.transport.entries").tag("outcome", "claimed")
        .tag("transport", "redis").functionCounter().count()).isEqualTo(3.0);
    assertThat(registry.get("herald.transport.entries").tag("outcome", "redelivered")
        .functionCounter().count()).isEqualTo(3.0);

    Await.until(() -> redis.commands().xpending(stream, "billing").getCount() == 0,
        Duration.ofSeconds(10), () -> "pending " + redis.commands().xpending(stream, "billing"));
    assertThat(consumers(stream, "billing")).containsEntry("billing-crashed@host", 0L);
  }

  @Test
  void consumersIdleLongerThanTheThresholdAndHoldingNothingAreRemoved() {
    EventBus gateway = gateway();
    String stream = jobStream();
    redis.commands().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), "billing",
        XGroupCreateArgs.Builder.mkstream());
    gateway.publish(new Job(1));
    gateway.publish(new Job(2));
    // One replaced process read an entry and acknowledged it; another still holds one.
    StreamMessage<String, String> done = readAs("billing-replaced@host", stream, 1).get(0);
    redis.commands().xack(stream, "billing", done.getId());
    assertThat(readAs("billing-holding@host", stream, 1)).hasSize(1);

    RedisTransport transport = transport(b -> b.claimIdle(Duration.ofMinutes(5))
        .removeIdleConsumersAfter(Duration.ofSeconds(1)));
    try (LogLines log = new LogLines()) {
      bus("billing", transport).start();
      Await.until(() -> !consumers(stream, "billing").containsKey("billing-replaced@host"),
          Duration.ofSeconds(20), () -> "consumers " + consumers(stream, "billing"));
      Await.until(() -> log.text().contains("removed consumer billing-replaced@host from group"
          + " billing on " + stream), Duration.ofSeconds(5), log::text);
    }
    assertThat(consumers(stream, "billing"))
        .as("a consumer holding an entry stays, to be claimed from")
        .containsEntry("billing-holding@host", 1L);
  }

  @Test
  void aNewGroupStartsAtTheBeginningOfTheStreamByDefaultOrAtItsEndOnRequest() {
    EventBus gateway = gateway();
    gateway.publish(new Job(1));
    gateway.publish(new Job(2));

    List<Integer> billed = new CopyOnWriteArrayList<>();
    EventBus billing = bus("billing", transport(b -> b));
    billing.subscribe(Job.class, job -> billed.add(job.n()));
    billing.start();
    List<Integer> audited = new CopyOnWriteArrayList<>();
    EventBus audit = bus("audit", transport(b -> b.startFromEarliest(false)));
    audit.subscribe(Job.class, job -> audited.add(job.n()));
    audit.start();
    gateway.publish(new Job(3));

    Await.until(() -> billed.size() == 3 && audited.size() == 1, Duration.ofSeconds(20),
        () -> "billing heard " + billed + ", audit " + audited);
    assertThat(billed).as("published before billing's first consumer started")
        .containsExactly(1, 2, 3);
    assertThat(audited).as("from the end: what was published once it started").containsExactly(3);
  }

  @Test
  void aPublishOnlyProcessJoinsNoGroupAndConsumersAreNamedBeforeStartWhenConfigured() {
    RedisTransport publishOnly = transport(RedisTransport.Builder::publishOnly);
    EventBus gateway = bus("gateway", publishOnly);
    gateway.start();
    gateway.publish(new Job(1));

    assertThat(publishOnly.consumedStreams()).isEmpty();
    assertThat(redis.commands().xinfoGroups(jobStream())).as("no group named gateway").isEmpty();

    RedisTransport named = transport(b -> b.group("billing").consumer("billing-1"));
    RedisTransport unnamed = transport(b -> b);
    assertThat(named.group()).isEqualTo("billing");
    assertThat(named.consumer()).isEqualTo("billing-1");
    assertThat(unnamed.group()).as("the bus's source, known at start").isNull();
    bus("billing", unnamed).start();
    assertThat(unnamed.group()).isEqualTo("billing");
    assertThat(unnamed.consumer()).startsWith("billing-");
    assertThat(unnamed.consumedStreams()).containsExactly(jobStream());
    named.close();
  }
}
