package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.redis.it.Booking;
import dev.herald.redis.it.HeraldCatalog;
import dev.herald.redis.it.Job;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.ListenerDispatcher;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.spi.DeadLetterIds;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.testservers.Await;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bus owns its contract set: a transport and its dead-letter stores decode with exactly the
 * contracts of the bus they are given to, not with whatever catalogs the class path holds.
 */
@Timeout(60)
class BusContractsTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<AutoCloseable> closing = new ArrayList<>();
  private String namespace;

  @BeforeEach
  void namespace() {
    namespace = "contracts" + System.nanoTime();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** Only {@code job:queued} of the test contracts, which the class path holds all of. */
  private static Catalog jobsOnly() {
    Catalog all = new HeraldCatalog();
    return new Catalog() {
      @Override
      public List<EventDescriptor> events() {
        return all.events().stream().filter(e -> e.eventName().equals("job:queued")).toList();
      }

      @Override
      public List<ListenerDispatcher<?>> dispatchers() {
        return List.of();
      }
    };
  }

  private EventBus jobsOnlyBus(RedisTransport transport) {
    EventBus bus = EventBus.builder().source("billing").discoverCatalogs(false)
        .catalogs(jobsOnly()).transport(transport).deadLetters(transport.deadLetters()).build();
    closing.add(() -> bus.close(Duration.ofSeconds(10)));
    return bus;
  }

  private RedisTransport.Builder transport() {
    return RedisTransport.builder().uri(redis.uri()).namespace(namespace).carries("job:*", "room:*")
        .blockTime(Duration.ofMillis(100));
  }

  /** A store with every test contract, as another service with more contracts would write. */
  private RedisDeadLetterStore fullStore(EventBus full) {
    RedisDeadLetterStore store = RedisDeadLetterStore.create(RedisURI.create(redis.uri()),
        namespace, "billing", CloudEvents.of(full.events()));
    closing.add(store);
    return store;
  }

  private EventBus fullBus() {
    EventBus full = EventBus.builder().source("billing").build();
    closing.add(() -> full.close(Duration.ofSeconds(10)));
    return full;
  }

  private static <T extends Record> DeadLetter letter(EventBus bus, Class<T> type, T payload,
      String eventId) {
    Envelope<T> envelope = Envelope.of(bus.keyOf(type).orElseThrow(), payload, eventId, T0,
        "gateway", null, null, null, Map.of());
    return new DeadLetter(DeadLetterIds.next(), envelope, "charge",
        DeadLetter.Reason.FAILED, "E", "boom", null, 1, T0, T0);
  }

  @Test
  void theTransportsDeadLetterStoreReadsWithTheBusContractsOnly() {
    RedisTransport transport = transport().build();
    EventBus bus = jobsOnlyBus(transport);
    EventBus full = fullBus();
    RedisDeadLetterStore writer = fullStore(full);
    writer.add(letter(full, Job.class, new Job(1), "evt_job"));
    writer.add(letter(full, Booking.class, new Booking("101", 1), "evt_booking"));

    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .as("the booking is no event of this bus, though its catalog is on the class path")
        .extracting(l -> l.envelope().id()).containsExactly("evt_job");
    assertThat(bus.deadLetters().skippedRows()).as("the booking, counted").isEqualTo(1);
    assertThat(bus.health().components().get("deadLetterStore").status())
        .isEqualTo(Health.Status.DEGRADED);
    assertThat(writer.list(DeadLetterQuery.all())).hasSize(2);
    assertThat(writer.skippedRows()).isZero();
  }

  @Test
  void aStoreCreatedAloneTakesTheContractsOfTheBusItIsGivenTo() {
    EventBus full = fullBus();
    RedisDeadLetterStore writer = fullStore(full);
    writer.add(letter(full, Job.class, new Job(1), "evt_job"));
    writer.add(letter(full, Booking.class, new Booking("101", 1), "evt_booking"));
    RedisDeadLetterStore store = RedisDeadLetterStore.create(RedisURI.create(redis.uri()),
        namespace);
    closing.add(store);

    EventBus bus = EventBus.builder().source("ops").discoverCatalogs(false).catalogs(jobsOnly())
        .deadLetters(store).build();
    closing.add(() -> bus.close(Duration.ofSeconds(10)));

    assertThat(store.list(DeadLetterQuery.all())).extracting(l -> l.envelope().id())
        .containsExactly("evt_job");
  }

  @Test
  void aStoreUsedBeforeAnyBusWasBuiltSaysWhatToDo() {
    RedisDeadLetterStore store = RedisDeadLetterStore.create(RedisURI.create(redis.uri()),
        namespace);
    closing.add(store);

    assertThatThrownBy(() -> store.count(DeadLetterQuery.all()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RedisDeadLetterStore on " + namespace + ":dead")
        .hasMessageContaining("at redis://127.0.0.1:" + redis.port())
        .hasMessageContaining("does not know any event contracts yet")
        .hasMessageContaining("EventBus.builder()");
    assertThatThrownBy(() -> store.list(DeadLetterQuery.all()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.rejected()).as("rejected entries need no contracts").isEmpty();
  }

  @Test
  void contractsGivenExplicitlyWinOverTheBuses() {
    EventBus full = fullBus();
    RedisTransport transport = transport().deadLetterContracts(CloudEvents.of(full.events()))
        .build();
    EventBus bus = jobsOnlyBus(transport);
    RedisDeadLetterStore writer = fullStore(full);
    writer.add(letter(full, Booking.class, new Booking("101", 1), "evt_booking"));

    assertThat(bus.deadLetters().list(DeadLetterQuery.all())).extracting(l -> l.envelope().id())
        .containsExactly("evt_booking");
  }

  @Test
  void theTransportDecodesEntriesWithTheBusContractsOnly() {
    RedisTransport transport = transport().build();
    EventBus bus = jobsOnlyBus(transport);
    List<Integer> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    bus.subscribe(Job.class, job -> heard.add(job.n()));
    bus.start();
    EventBus full = fullBus();
    String booking = new String(CloudEvents.of(full.events()).toJson(Envelope.of(
        full.keyOf(Booking.class).orElseThrow(), new Booking("101", 1), "evt_booking", T0,
        "gateway", null, null, null, Map.of())), java.nio.charset.StandardCharsets.UTF_8);
    String stream = transport.streamOf("job:queued");

    redis.commands().xadd(stream, Map.of(RedisTransport.TYPE, "room:booked",
        RedisTransport.EVENT, booking));
    bus.publish(new Job(2));

    Await.until(() -> heard.contains(2) && transport.deadLetters().rejected().size() == 1,
        Duration.ofSeconds(20), () -> "heard " + heard + ", rejected "
            + transport.deadLetters().rejected());
    RejectedEntry rejected = transport.deadLetters().rejected().get(0);
    assertThat(rejected.type()).isEqualTo("room:booked");
    assertThat(rejected.reason()).contains("unknown event type \"room:booked\"")
        .contains("job:queued").doesNotContain("local:note");
  }
}
