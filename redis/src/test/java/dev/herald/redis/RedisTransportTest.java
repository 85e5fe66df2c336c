package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.redis.it.Booking;
import dev.herald.redis.it.Job;
import dev.herald.redis.it.Note;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.spi.DeadLetterIds;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.testservers.Await;
import dev.herald.testservers.TransportContract;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transport in one JVM against a real redis-server: several buses stand for several services.
 * The contract holds what every transport does; these tests what Redis does its own way.
 */
@Timeout(120)
class RedisTransportTest extends TransportContract<Job, RedisTransport> {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private String namespace;

  RedisTransportTest() {
    super(Job.class, Job::new, Job::n);
  }

  @org.junit.jupiter.api.BeforeEach
  void namespace(TestInfo test) {
    namespace = "t" + Math.abs(test.getDisplayName().hashCode()) + "-" + System.nanoTime();
  }

  /**
   * The default claimIdle (30 s): a short one lets a loaded machine claim entries that are merely
   * slow, or settled and not yet acknowledged, and deliver them twice. Tests of claiming set it.
   */
  private RedisTransport.Builder transport() {
    return RedisTransport.builder().uri(redis.uri()).namespace(namespace).carries("job:*", "room:*")
        .blockTime(Duration.ofMillis(100));
  }

  private EventBus bus(String service, UnaryOperator<RedisTransport.Builder> options) {
    RedisTransport transport = options.apply(transport()).build();
    return busOn(service, transport, transport.deadLetters());
  }

  @Override
  protected EventBus bus(String service) {
    return bus(service, b -> b);
  }

  @Override
  protected EventBus publishOnlyBus(String service) {
    return bus(service, RedisTransport.Builder::publishOnly);
  }

  /** Failed entries stay pending, and are claimed and delivered again after claimIdle. */
  @Override
  protected EventBus bus(String service, int maxDeliveries) {
    return bus(service, b -> b.maxDeliveries(maxDeliveries).claimIdle(Duration.ofMillis(500)));
  }

  /** The group's pending entries: read by a consumer, not yet acknowledged. */
  @Override
  protected long unsettled(String group) {
    return redis.commands().xpending(namespace + ":stream:job:queued", group).getCount();
  }

  @Override
  protected void assertConsumesNothing(String service, EventBus publisher) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> redis.commands().xpending(namespace + ":stream:job:queued", service))
        .as("the publisher consumes nothing, so it has no group").hasMessageContaining("NOGROUP");
  }

  /** In the namespace's dead-letter stream. */
  @Override
  protected void assertKept(EventBus bus, DeadLetter letter) {
    assertThat(redis.commands().xlen(namespace + ":dead")).isEqualTo(1);
  }

  @Test
  void onTheWireAnEventIsCloudEventsJsonWithItsTypeBeside() {
    EventBus publisher = publishOnlyBus("gateway");
    publisher.start();

    publisher.publish(new Job(0));

    StreamMessage<String, String> first = redis.commands().xrange(
        namespace + ":stream:job:queued", io.lettuce.core.Range.create("-", "+"),
        io.lettuce.core.Limit.from(1)).get(0);
    assertThat(first.getBody()).containsEntry("type", "job:queued");
    assertThat(first.getBody().get("event")).contains("\"specversion\":\"1.0\"")
        .contains("\"source\":\"gateway\"").contains("\"data\":{\"n\":0}");
  }

  @Test
  void aClosingConsumerLeavesItsGroupWhenItHoldsNothing() {
    EventBus bus = bus("billing", b -> b.consumer("billing-1"));
    List<Integer> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Job.class, job -> heard.add(job.n()));
    bus.start();
    bus.publish(new Job(1));
    Await.until(() -> heard.contains(1), Duration.ofSeconds(10), () -> "heard " + heard);
    String stream = namespace + ":stream:job:queued";
    assertThat(redis.commands().xinfoConsumers(stream, "billing")).hasSize(1);

    bus.close(Duration.ofSeconds(10));

    assertThat(redis.commands().xpending(stream, "billing").getCount()).isZero();
    assertThat(redis.commands().xinfoConsumers(stream, "billing"))
        .as("no trace of a process that is gone").isEmpty();
    assertThat(redis.commands().xinfoGroups(stream)).as("the group stays").hasSize(1);
  }

  @Test
  void eventsTheTransportDoesNotCarryStayInTheProcess() {
    EventBus bus = bus("desk", b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Note.class, note -> heard.add(note.text()));
    bus.start();

    bus.publish(new Note("towels"));

    assertThat(heard).as("delivered on the publisher's thread, not through Redis")
        .containsExactly("towels");
    assertThat(redis.commands().keys(namespace + ":*"))
        .doesNotContain(namespace + ":stream:local:note");
  }

  @Test
  void eachRoomsBookingsArriveInOrderWithinTheirStream() {
    EventBus hotel = bus("housekeeping", b -> b.layout(StreamLayout.PER_DOMAIN).batchSize(16));
    EventBus publisher = bus("front-desk", b -> b.layout(StreamLayout.PER_DOMAIN).consumes());
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    hotel.subscribe(Booking.class, booking -> {
      if (ThreadLocalRandom.current().nextInt(8) == 0) {
        sleep(1); // lanes run at different speeds
      }
      seen.computeIfAbsent(booking.room(), r -> new CopyOnWriteArrayList<>())
          .add(booking.sequence());
    }, SubscribeOptions.named("rooms").delivery(Delivery.ORDERED));
    hotel.start();

    int perRoom = 100;
    List<String> rooms = List.of("101", "102", "201", "202", "301");
    for (int seq = 0; seq < perRoom; seq++) {
      for (String room : rooms) {
        publisher.publish(new Booking(room, seq));
      }
    }

    Await.until(
        () -> rooms.stream().allMatch(r -> seen.getOrDefault(r, List.of()).size() >= perRoom),
        Duration.ofSeconds(30), () -> "heard " + seen);
    // Once nothing is pending, no delivery is under way: a duplicate would show below.
    String stream = namespace + ":stream:room";
    Await.until(() -> redis.commands().xpending(stream, "housekeeping").getCount() == 0,
        Duration.ofSeconds(10),
        () -> "pending: " + redis.commands().xpending(stream, "housekeeping"));
    List<Integer> expected = IntStream.range(0, perRoom).boxed().toList();
    rooms.forEach(room -> assertThat(seen.get(room)).as("room " + room).isEqualTo(expected));
    assertThat(redis.commands().exists(namespace + ":stream:room")).isEqualTo(1L);
  }

  @Test
  void entriesThatAreNoEventOfTheContractsAreDeadLetteredWithoutBlockingTheGroup() {
    EventBus bus = bus("billing", b -> b);
    List<Integer> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Job.class, job -> heard.add(job.n()));
    bus.start();
    RedisTransport transport = transportOf(bus);
    String stream = transport.streamOf("job:queued");
    CloudEvents wire = CloudEvents.of(bus.events());
    String valid = new String(wire.toJson(bus.publish(new Job(1))), java.nio.charset.StandardCharsets.UTF_8);
    Await.until(() -> heard.size() == 1, Duration.ofSeconds(10), () -> "first job");

    RedisCommands<String, String> raw = redis.commands();
    raw.xadd(stream, Map.of("type", "job:queued", "event", "{not json"));
    raw.xadd(stream, Map.of("type", "job:queued"));
    raw.xadd(stream, Map.of("type", "job:cancelled",
        "event", valid.replace("\"job:queued\"", "\"job:cancelled\"")));
    raw.xadd(stream, Map.of("type", "job:queued",
        "event", valid.replace("\"eventversion\":1", "\"eventversion\":2")));
    raw.xadd(stream, Map.of("type", "job:queued", "event", valid.replace("{\"n\":1}", "{\"n\":\"x\"}")));
    bus.publish(new Job(2));

    Await.until(() -> heard.size() == 2, Duration.ofSeconds(10), () -> "heard " + heard);
    assertThat(heard).containsExactly(1, 2);
    List<RejectedEntry> rejected = transport.deadLetters().rejected();
    assertThat(rejected).hasSize(5).allSatisfy(entry -> {
      assertThat(entry.stream()).isEqualTo(stream);
      assertThat(entry.group()).isEqualTo("billing");
    });
    assertThat(rejected.get(0).reason()).contains("Unexpected character").contains("line 1, column 2");
    assertThat(rejected.get(1).reason()).contains("no \"event\" field");
    assertThat(rejected.get(2).reason()).contains("job:cancelled");
    assertThat(rejected.get(3).reason()).contains("version 2");
    assertThat(rejected.get(4).reason()).contains("$.data.n");
    assertThat(new String(rejected.get(0).raw(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{not json");
    Await.until(() -> raw.xpending(stream, "billing").getCount() == 0, Duration.ofSeconds(10),
        () -> "not all acknowledged: " + raw.xpending(stream, "billing"));
    assertThat(bus.deadLetters().count(DeadLetterQuery.all()))
        .as("rejected entries are no dead letters of decodable events").isZero();
    assertThat(transport.deadLetters().purgeRejected()).isEqualTo(5);
    assertThat(transport.deadLetters().rejected()).isEmpty();
  }

  @Test
  void publishAsyncPipelinesFromSeveralThreadsInOrderPerThreadAndCompletesWhenRedisHasTheEntry()
      throws Exception {
    EventBus gateway = bus("gateway", RedisTransport.Builder::publishOnly);
    EventBus billing = bus("billing", b -> b);
    Set<Integer> charged = ConcurrentHashMap.newKeySet();
    billing.subscribe(Job.class, job -> charged.add(job.n()));
    gateway.start();
    billing.start();
    int threads = 4;
    int each = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<CompletableFuture<Envelope<Job>>>>> publishers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      publishers.add(pool.submit(() -> {
        List<CompletableFuture<Envelope<Job>>> stages = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          stages.add(gateway.publishAsync(new Job(thread * 10_000 + i)).toCompletableFuture());
        }
        return stages;
      }));
    }
    String stream = transportOf(gateway).streamOf("job:queued");
    for (Future<List<CompletableFuture<Envelope<Job>>>> publisher : publishers) {
      for (CompletableFuture<Envelope<Job>> stage : publisher.get(30, TimeUnit.SECONDS)) {
        Envelope<Job> sent = stage.get(30, TimeUnit.SECONDS);
        assertThat(sent.payload()).isNotNull();
      }
    }
    pool.shutdown();
    assertThat(redis.commands().xlen(stream)).as("every completed stage is in Redis")
        .isEqualTo(threads * each);
    CloudEvents wire = CloudEvents.of(gateway.events());
    List<Integer> order = new ArrayList<>();
    for (StreamMessage<String, String> entry : redis.commands().xrange(stream,
        io.lettuce.core.Range.create("-", "+"))) {
      Envelope<?> published = wire.fromJson(entry.getBody().get(RedisTransport.EVENT)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      order.add(((Job) published.payload()).n());
    }
    for (int t = 0; t < threads; t++) {
      int thread = t;
      assertThat(order.stream().filter(n -> n / 10_000 == thread).toList())
          .as("thread %s's events in the order it published them", thread).isSorted()
          .hasSize(each);
    }
    Await.until(() -> charged.size() == threads * each, Duration.ofSeconds(30),
        () -> charged.size() + " charged");
  }

  @Test
  void asynchronousPublishesInFlightAreBoundedAndTheNextWaitsForRoom() throws Exception {
    EventBus gateway = bus("gateway", b -> b.publishOnly().maxPublishesInFlight(2)
        .publishTimeout(Duration.ofSeconds(20)));
    gateway.start();
    gateway.publish(new Job(0)); // connected, stream created
    AtomicLong firstReplyAt = new AtomicLong(Long.MAX_VALUE);
    redis.commands().clientPause(1_000); // Redis answers nobody for a second

    List<CompletableFuture<Envelope<Job>>> inFlight = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      inFlight.add(gateway.publishAsync(new Job(n)).toCompletableFuture()
          .whenComplete((sent, error) -> firstReplyAt.accumulateAndGet(System.nanoTime(),
              Math::min)));
    }
    assertThat(inFlight).as("Redis is paused").noneMatch(CompletableFuture::isDone);
    CompletableFuture<Envelope<Job>> third = gateway.publishAsync(new Job(3))
        .toCompletableFuture();
    long thirdReturnedAt = System.nanoTime();

    assertThat(thirdReturnedAt).as("the third waited for one of the two in flight")
        .isGreaterThanOrEqualTo(firstReplyAt.get());
    third.get(20, TimeUnit.SECONDS);
    for (CompletableFuture<Envelope<Job>> sent : inFlight) {
      sent.get(20, TimeUnit.SECONDS);
    }
    assertThat(redis.commands().xlen(transportOf(gateway).streamOf("job:queued"))).isEqualTo(4);
  }

  @Test
  void anEntrySettledButNotYetAcknowledgedIsNotClaimedAgain() throws Exception {
    EventBus bus = bus("billing", b -> b.claimIdle(Duration.ofMillis(500)));
    CountDownLatch chargeMayFinish = new CountDownLatch(1);
    List<Integer> charged = new CopyOnWriteArrayList<>();
    bus.subscribe(Job.class, job -> {
      await(chargeMayFinish);
      charged.add(job.n());
    }, SubscribeOptions.named("charge").delivery(Delivery.ASYNC));
    bus.start();
    ConsumerLoop loop = transportOf(bus).consumerLoop();
    String stream = transportOf(bus).streamOf("job:queued");
    bus.publish(new Job(1));

    // The delivery is under way long enough for its entry to be nearly claimable: the next claim
    // pass comes when it is (and takes it over from itself, which resets its idle time).
    Await.until(() -> idleMillis(stream, "billing") > 400, Duration.ofSeconds(20),
        () -> "pending: " + redis.commands().xpending(stream, "billing"));
    // Hold the consumer thread at its next claim pass, where nothing sends acknowledgements.
    AtomicInteger claimPasses = new AtomicInteger();
    CountDownLatch claimsMayRun = new CountDownLatch(1);
    loop.beforeClaimPass(() -> {
      claimPasses.incrementAndGet();
      await(claimsMayRun);
    });
    Await.until(() -> claimPasses.get() == 1, Duration.ofSeconds(10), () -> "no claim pass");
    chargeMayFinish.countDown();
    Await.until(() -> loop.inFlight().count() == 0 && loop.acknowledgements().queued() == 1,
        Duration.ofSeconds(10), () -> loop.inFlight().count() + " in flight, "
            + loop.acknowledgements().queued() + " acknowledgements queued");
    assertThat(redis.commands().xpending(stream, "billing").getCount())
        .as("settled, not acknowledged").isEqualTo(1);

    claimsMayRun.countDown();
    // The next pass begins once the one that met the settled entry has finished.
    Await.until(() -> claimPasses.get() >= 2, Duration.ofSeconds(10), () -> "one claim pass only");
    Await.until(() -> redis.commands().xpending(stream, "billing").getCount() == 0,
        Duration.ofSeconds(10), () -> "pending: " + redis.commands().xpending(stream, "billing"));
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(charged).as("delivered once, not claimed again").containsExactly(1);
  }

  private long idleMillis(String stream, String group) {
    List<PendingMessage> pending = redis.commands().xpending(stream, group,
        io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
    return pending.isEmpty() ? -1 : pending.get(0).getMsSinceLastDelivery();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Test
  void theDeadLetterStoreListsPagesAndPurgesByQueryAndKeepsGroupsApart() {
    EventBus billing = bus("billing", b -> b);
    EventBus audit = bus("audit", b -> b);
    billing.start();
    audit.start();
    RedisDeadLetterStore billingLetters = transportOf(billing).deadLetters();
    RedisDeadLetterStore auditLetters = transportOf(audit).deadLetters();
    java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      Envelope<Job> job = Envelope.of(billing.keyOf(Job.class).orElseThrow(), new Job(i), "evt_" + i,
          t0, "gateway", null, null, null, Map.of());
      billingLetters.add(new DeadLetter(DeadLetterIds.next(), job,
          i % 2 == 0 ? "charge" : "invoice", DeadLetter.Reason.FAILED, "E", "boom " + i, null, 1,
          t0.plusSeconds(i), t0.plusSeconds(i)));
    }
    auditLetters.add(new DeadLetter(DeadLetterIds.next(),
        Envelope.of(audit.keyOf(Job.class).orElseThrow(), new Job(99), "evt_99", t0, "gateway", null,
            null, null, Map.of()), "log", DeadLetter.Reason.FAILED, null, null, null, 1, t0, t0));

    assertThat(billingLetters.count(DeadLetterQuery.all())).isEqualTo(5);
    assertThat(auditLetters.count(DeadLetterQuery.all())).isEqualTo(1);
    assertThat(billingLetters.list(DeadLetterQuery.all().offset(1).limit(2)))
        .extracting(l -> ((Job) l.envelope().payload()).n()).containsExactly(1, 2);
    assertThat(billingLetters.list(DeadLetterQuery.all().subscriber("charge")))
        .extracting(l -> ((Job) l.envelope().payload()).n()).containsExactly(0, 2, 4);
    assertThat(billingLetters.count(DeadLetterQuery.all().since(t0.plusSeconds(3)))).isEqualTo(2);
    assertThat(billingLetters.purge(DeadLetterQuery.all().subscriber("invoice"))).isEqualTo(2);
    assertThat(billingLetters.count(DeadLetterQuery.all())).isEqualTo(3);
    assertThat(auditLetters.count(DeadLetterQuery.all())).as("another group's").isEqualTo(1);
    RedisDeadLetterStore everyone = RedisDeadLetterStore.create(
        io.lettuce.core.RedisURI.create(redis.uri()), namespace, null, CloudEvents.of(billing.events()));
    try {
      assertThat(everyone.count(DeadLetterQuery.all())).isEqualTo(4);
      assertThat(everyone.purge(DeadLetterQuery.all().type("job:*"))).isEqualTo(4);
      assertThat(billingLetters.count(DeadLetterQuery.all())).isZero();
    } finally {
      everyone.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked") // Lettuce's varargs of generic stream offsets
  void entriesACrashedConsumerLeftPendingAreClaimedOrDeadLetteredAfterTooManyDeliveries() {
    String stream = namespace + ":stream:job:queued";
    RedisCommands<String, String> ghost = redis.commands();
    ghost.xgroupCreate(XReadArgs.StreamOffset.latest(stream), "billing",
        io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
    EventBus publisher = bus("gateway", b -> b.consumes());
    publisher.publish(new Job(1));
    publisher.publish(new Job(2));
    // A consumer that read both and died; Job(2) it even had delivered twice.
    List<StreamMessage<String, String>> taken = ghost.xreadgroup(Consumer.from("billing", "ghost"),
        XReadArgs.Builder.count(10), XReadArgs.StreamOffset.lastConsumed(stream));
    assertThat(taken).hasSize(2);
    ghost.xclaim(stream, Consumer.from("billing", "ghost"), 0, taken.get(1).getId());

    EventBus bus = bus("billing", b -> b.maxDeliveries(2).claimIdle(Duration.ofMillis(500)));
    List<Integer> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Job.class, job -> heard.add(job.n()));
    bus.start();

    Await.until(() -> heard.contains(1) && bus.deadLetters().count(DeadLetterQuery.all()) == 1,
        Duration.ofSeconds(20), () -> "heard " + heard + ", letters "
            + bus.deadLetters().list(DeadLetterQuery.all()));
    assertThat(heard).containsExactly(1);
    Await.until(() -> ghost.xpending(stream, "billing").getCount() == 0, Duration.ofSeconds(10),
        () -> "pending: " + ghost.xpending(stream, "billing"));
    DeadLetter letter = bus.deadLetters().list(DeadLetterQuery.all()).get(0);
    assertThat(letter.envelope().payload()).isEqualTo(new Job(2));
    assertThat(letter.subscriber()).isEqualTo(DeadLetter.NO_SUBSCRIBER);
    assertThat(letter.errorMessage()).contains("delivered 2 times").contains("without an acknowledgement");
  }

  @Test
  void theConfigurationNeverShowsThePassword() {
    RedisTransport.Builder builder = RedisTransport.builder()
        .uri("redis://herald:s3cret-pa55@127.0.0.1:" + redis.port() + "/2").namespace(namespace);
    assertThat(builder.toString()).doesNotContain("s3cret-pa55").contains("127.0.0.1")
        .contains("/2");
    RedisTransport transport = builder.build();
    try {
      assertThat(transport.toString()).doesNotContain("s3cret-pa55").doesNotContain("herald:");
      assertThat(transport.deadLetters().toString()).doesNotContain("s3cret-pa55");
      RedisTransport.Builder withAuth = RedisTransport.builder().uri(redis.uri())
          .authentication("ops", "hunter2-pw".toCharArray()).tls(false);
      assertThat(withAuth.toString()).doesNotContain("hunter2-pw");
    } finally {
      transport.close();
    }
  }

  @Test
  void aPasswordAndAnAclUserReachRedis() {
    RedisCommands<String, String> admin = redis.commands();
    admin.aclSetuser("herald-app", io.lettuce.core.AclSetuserArgs.Builder.on()
        .addPassword("app-pa55").allKeys().allCommands());
    try {
      EventBus bad = bus("billing", b -> b.uri(redis.uri())
          .authentication("herald-app", "wrong".toCharArray()).publishTimeout(Duration.ofSeconds(2)));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.publish(new Job(1)))
          .isInstanceOf(dev.herald.runtime.TransportException.class)
          .hasMessageNotContaining("wrong");
      EventBus good = bus("billing", b -> b.uri(redis.uri())
          .authentication("herald-app", "app-pa55".toCharArray()));
      List<Integer> heard = new CopyOnWriteArrayList<>();
      good.subscribe(Job.class, job -> heard.add(job.n()));
      good.start();
      good.publish(new Job(3));
      Await.until(() -> heard.contains(3), Duration.ofSeconds(10), () -> "heard " + heard);
    } finally {
      admin.aclDeluser("herald-app");
    }
  }

  @Test
  void streamsAreTrimmedToTheirRetention() {
    EventBus publisher = bus("gateway", b -> b.consumes().retention(Retention.maxLength(100)));
    for (int n = 0; n < 1000; n++) {
      publisher.publish(new Job(n));
    }
    long length = redis.commands().xlen(namespace + ":stream:job:queued");
    assertThat(length).as("about 100: trimmed in whole nodes").isBetween(100L, 300L);
  }

  private List<String> entryIds(String stream) {
    return redis.commands().xrange(stream, io.lettuce.core.Range.create("-", "+")).stream()
        .map(StreamMessage::getId).toList();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
