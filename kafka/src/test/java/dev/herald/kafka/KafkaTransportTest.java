package dev.herald.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.Delivery;
import dev.herald.kafka.it.Booking;
import dev.herald.kafka.it.Job;
import dev.herald.kafka.it.Note;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.testservers.Await;
import dev.herald.testservers.TestBroker;
import dev.herald.testservers.TransportContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The transport in one JVM against a real broker: several buses stand for several services. The
 * contract holds what every transport does; these tests what Kafka does its own way.
 */
@Timeout(120)
class KafkaTransportTest extends TransportContract<Job, KafkaTransport> {

  private static final TestBroker broker = TestBroker.shared();

  private String prefix;
  private Admin admin;

  KafkaTransportTest() {
    super(Job.class, Job::new, Job::n);
  }

  @BeforeEach
  void prefix(TestInfo test) {
    prefix = "t" + Math.abs(test.getDisplayName().hashCode()) + "-" + System.nanoTime();
    admin = broker.admin();
  }

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  private KafkaTransport.Builder transport() {
    return KafkaTransport.builder().bootstrapServers(broker.bootstrapServers()).topicPrefix(prefix)
        .carries("job:*", "room:*").startFromEarliest(true).retryBackoff(Duration.ofMillis(50),
            Duration.ofMillis(200));
  }

  private EventBus bus(String service, UnaryOperator<KafkaTransport.Builder> options) {
    KafkaTransport transport = options.apply(transport()).build();
    return busOn(service, transport, transport.deadLetters());
  }

  @Override
  protected EventBus bus(String service) {
    return bus(service, b -> b);
  }

  @Override
  protected EventBus publishOnlyBus(String service) {
    return bus(service, KafkaTransport.Builder::publishOnly);
  }

  @Override
  protected EventBus bus(String service, int maxDeliveries) {
    return bus(service, b -> b.maxDeliveries(maxDeliveries));
  }

  /** The records the group has not committed. */
  @Override
  protected long unsettled(String group) {
    return Groups.lag(admin, group, prefix + ".job.queued");
  }

  @Override
  protected void assertConsumesNothing(String service, EventBus publisher) {
    assertThat(transportOf(publisher).group()).isEqualTo(service);
    assertThat(transportOf(publisher).consumedTopics()).as("publish only").isEmpty();
  }

  /** In the dead-letter topic beside the event's, keyed by the letter's id. */
  @Override
  protected void assertKept(EventBus bus, DeadLetter letter) {
    String topic = transportOf(bus).topicOf("job:queued");
    ConsumerRecord<byte[], byte[]> dead = firstRecord(topic + ".DLT");
    assertThat(header(dead, "herald.dlt.error-type"))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(dead, "herald.dlt.original-topic")).isEqualTo(topic);
    assertThat(new String(dead.key(), UTF_8)).isEqualTo(letter.id());
  }

  @Test
  void onTheWireAnEventIsCloudEventsJsonKeyedByItsIdWithoutAnOrderingKey() {
    EventBus billing = bus("billing");
    EventBus publisher = publishOnlyBus("gateway");
    billing.start();
    publisher.start();

    publisher.publish(new Job(0));

    String topic = prefix + ".job.queued";
    assertThat(transportOf(billing).consumedTopics()).contains(topic);
    ConsumerRecord<byte[], byte[]> first = firstRecord(topic);
    assertThat(new String(first.value(), UTF_8)).contains("\"specversion\":\"1.0\"")
        .contains("\"source\":\"gateway\"").contains("\"type\":\"job:queued\"");
    assertThat(header(first, "content-type")).isEqualTo(CloudEvents.CONTENT_TYPE);
    assertThat(new String(first.value(), UTF_8)).contains("\"id\":\""
        + new String(first.key(), UTF_8) + "\"");
  }

  @Test
  void publishAsyncAndPublishAllCompleteWhenTheBrokerHasTheRecords() throws Exception {
    EventBus billing = bus("billing", b -> b);
    EventBus publisher = bus("gateway", KafkaTransport.Builder::publishOnly);
    List<Integer> billed = new CopyOnWriteArrayList<>();
    billing.subscribe(Job.class, job -> billed.add(job.n()));
    billing.start();
    publisher.start();

    List<CompletableFuture<Envelope<Job>>> stages = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      stages.add(publisher.publishAsync(new Job(n)).toCompletableFuture());
    }
    for (CompletableFuture<Envelope<Job>> stage : stages) {
      assertThat(stage.get(30, TimeUnit.SECONDS).payload().n()).isBetween(0, 99);
    }
    publisher.publishAll(IntStream.range(100, 200).mapToObj(Job::new).toList());

    String topic = prefix + ".job.queued";
    assertThat(Groups.endOffsets(admin, topic)).as("every completed publish is on the broker")
        .isEqualTo(200);
    Await.until(() -> billed.size() >= 200, Duration.ofSeconds(30),
        () -> "billing heard " + billed.size() + " of 200");
    assertThat(billed).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, 200).boxed().toList());
    assertThat(billing.metrics().transport()).satisfies(counted -> {
      assertThat(counted.transport()).isEqualTo("kafka");
      assertThat(counted.received()).isEqualTo(200);
      assertThat(counted.redelivered()).isZero();
      assertThat(counted.deadLettered()).isZero();
    });
  }

  @Test
  void binaryModePutsAttributesInCeHeadersAndTheOrderingKeyInTheRecordKey() {
    EventBus hotel = bus("housekeeping", b -> b.encoding(Encoding.BINARY));
    List<Booking> heard = new CopyOnWriteArrayList<>();
    hotel.subscribe(Booking.class, heard::add);
    hotel.start();

    Envelope<Booking> sent = hotel.publish(new Booking("101", 7));

    Await.until(() -> heard.size() == 1, Duration.ofSeconds(20), () -> "heard " + heard);
    assertThat(heard).containsExactly(new Booking("101", 7));
    ConsumerRecord<byte[], byte[]> record = firstRecord(prefix + ".room.booked");
    assertThat(new String(record.key(), UTF_8)).isEqualTo("101");
    assertThat(new String(record.value(), UTF_8)).isEqualTo("{\"room\":\"101\",\"sequence\":7}");
    assertThat(header(record, "ce_id")).isEqualTo(sent.id());
    assertThat(header(record, "ce_type")).isEqualTo("room:booked");
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_source")).isEqualTo("housekeeping");
    assertThat(header(record, "ce_eventversion")).isEqualTo("1");
    assertThat(header(record, "content-type")).isEqualTo("application/json");
  }

  @Test
  void eventsTheTransportDoesNotCarryStayInTheProcess() throws Exception {
    EventBus bus = bus("desk", b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Note.class, note -> heard.add(note.text()));
    bus.start();

    bus.publish(new Note("towels"));

    assertThat(heard).as("delivered on the publisher's thread, not through Kafka")
        .containsExactly("towels");
    assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
        .doesNotContain(prefix + ".local.note");
  }

  @Test
  void recordsThatAreNoEventOfTheContractsAreDeadLetteredWithoutBlockingThePartition() {
    EventBus bus = bus("billing", b -> b.partitions(1));
    List<Integer> heard = new CopyOnWriteArrayList<>();
    bus.subscribe(Job.class, job -> heard.add(job.n()));
    bus.start();
    KafkaTransport transport = transportOf(bus);
    String topic = transport.topicOf("job:queued");
    CloudEvents wire = CloudEvents.of(bus.events());
    String valid = new String(wire.toJson(bus.publish(new Job(1))), UTF_8);
    Await.until(() -> heard.size() == 1, Duration.ofSeconds(20), () -> "first job");

    try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
      raw.send(new ProducerRecord<>(topic, "{not json".getBytes(UTF_8)));
      raw.send(new ProducerRecord<>(topic, null, (byte[]) null, (byte[]) null,
          new RecordHeaders()));
      raw.send(new ProducerRecord<>(topic,
          valid.replace("\"job:queued\"", "\"job:cancelled\"").getBytes(UTF_8)));
      raw.send(new ProducerRecord<>(topic,
          valid.replace("\"eventversion\":1", "\"eventversion\":2").getBytes(UTF_8)));
      raw.send(new ProducerRecord<>(topic,
          valid.replace("{\"n\":1}", "{\"n\":\"x\"}").getBytes(UTF_8)));
      raw.flush();
    }
    bus.publish(new Job(2));

    Await.until(() -> heard.size() == 2, Duration.ofSeconds(20), () -> "heard " + heard);
    assertThat(heard).containsExactly(1, 2);
    Await.until(() -> Groups.lag(admin, "billing", topic) == 0, Duration.ofSeconds(20),
        () -> "lag " + Groups.lag(admin, "billing", topic));
    List<RejectedRecord> rejected = transport.deadLetters().rejected();
    assertThat(rejected).hasSize(5).allSatisfy(entry -> {
      assertThat(entry.topic()).isEqualTo(topic);
      assertThat(entry.group()).isEqualTo("billing");
      assertThat(entry.partition()).isZero();
    });
    assertThat(rejected).extracting(RejectedRecord::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(rejected.get(0).reason()).contains("Unexpected character");
    assertThat(rejected.get(1).reason()).contains("no value");
    assertThat(rejected.get(2).reason()).contains("job:cancelled");
    assertThat(rejected.get(2).type()).isEqualTo("job:cancelled");
    assertThat(rejected.get(3).reason()).contains("version 2");
    assertThat(rejected.get(4).reason()).contains("$.data.n");
    assertThat(new String(rejected.get(0).raw(), UTF_8)).isEqualTo("{not json");
    assertThat(bus.deadLetters().count(DeadLetterQuery.all()))
        .as("rejected records are no dead letters of decodable events").isZero();
    assertThat(transport.deadLetters().purgeRejected()).isEqualTo(5);
    assertThat(transport.deadLetters().rejected()).isEmpty();
  }

  @Test
  void theDeadLetterStoreListsAndPurgesByQueryAndKeepsGroupsApart() {
    EventBus billing = bus("billing", b -> b.maxDeliveries(1));
    EventBus audit = bus("audit", b -> b.maxDeliveries(1));
    billing.subscribe(Job.class, job -> {
      throw new IllegalStateException("billing down");
    }, SubscribeOptions.named("bill").maxAttempts(1));
    audit.subscribe(Job.class, job -> {
      throw new IllegalStateException("audit down");
    }, SubscribeOptions.named("audit").maxAttempts(1));
    billing.start();
    audit.start();
    for (int n = 0; n < 4; n++) {
      billing.publish(new Job(n));
    }

    Await.until(() -> billing.deadLetters().count(DeadLetterQuery.all()) == 4
            && audit.deadLetters().count(DeadLetterQuery.all()) == 4, Duration.ofSeconds(30),
        () -> "billing " + billing.deadLetters().count(DeadLetterQuery.all()) + ", audit "
            + audit.deadLetters().count(DeadLetterQuery.all()));
    assertThat(billing.deadLetters().list(DeadLetterQuery.all().limit(3))).hasSize(3)
        .allSatisfy(letter -> assertThat(letter.subscriber()).isEqualTo("bill"));
    try (KafkaDeadLetterStore everyone = KafkaDeadLetterStore.create(broker.bootstrapServers(),
        prefix, TopicLayout.PER_EVENT_TYPE, null, CloudEvents.of(billing.events()))) {
      assertThat(everyone.count(DeadLetterQuery.all())).as("unscoped: both groups").isEqualTo(8);
    }

    assertThat(billing.deadLetters().purge(DeadLetterQuery.all().subscriber("bill")))
        .isEqualTo(4);
    assertThat(billing.deadLetters().count(DeadLetterQuery.all())).isZero();
    assertThat(audit.deadLetters().count(DeadLetterQuery.all())).as("other groups' stay")
        .isEqualTo(4);
  }

  @Test
  void eachRoomsBookingsArriveInOrderAcrossARebalance() {
    List<String> rooms = IntStream.range(0, 12).mapToObj(n -> "room-" + n).toList();
    Map<String, List<String>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    EventBus first = housekeeping("first", seen);
    EventBus publisher = bus("front-desk", b -> b.consumes());
    first.start();
    publisher.start();
    int perRoom = 60;
    for (int seq = 0; seq < perRoom; seq++) {
      for (String room : rooms) {
        publisher.publish(new Booking(room, seq));
      }
      if (seq == perRoom / 3) {
        // Joins the group while the first instance still works through its backlog: the
        // partitions are shared out again mid-stream; the rest is published once both hold some.
        housekeeping("second", seen).start();
        Groups.awaitStable(admin, "housekeeping", 2, Duration.ofSeconds(60));
      }
    }

    String topic = prefix + ".room.booked";
    Await.until(() -> rooms.stream().allMatch(r -> seen.getOrDefault(r, List.of()).size()
        >= perRoom), Duration.ofSeconds(60), () -> "heard " + seen);
    Await.until(() -> Groups.lag(admin, "housekeeping", topic) == 0, Duration.ofSeconds(20),
        () -> "lag " + Groups.lag(admin, "housekeeping", topic));
    List<Integer> expected = IntStream.range(0, perRoom).boxed().toList();
    for (String room : rooms) {
      assertThat(seen.get(room).stream().map(s -> Integer.parseInt(s.substring(s.indexOf(':') + 1)))
          .toList()).as("room " + room + " in order, each once").isEqualTo(expected);
    }
    assertThat(seen.values().stream().flatMap(List::stream)
        .filter(s -> s.startsWith("second:")).count())
        .as("the second instance took over some rooms").isPositive();
  }

  private EventBus housekeeping(String instance, Map<String, List<String>> seen) {
    EventBus bus = bus("housekeeping", b -> b.batchSize(16).clientId(instance));
    bus.subscribe(Booking.class, booking -> {
      sleep(1); // slow enough that records are in flight when the partitions move
      seen.computeIfAbsent(booking.room(), r -> new CopyOnWriteArrayList<>())
          .add(instance + ":" + booking.sequence());
    }, SubscribeOptions.named("rooms").delivery(Delivery.ORDERED));
    return bus;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      List<org.apache.kafka.common.TopicPartition> partitions = consumer
          .partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record;
        }
      }
      throw new AssertionError("no record in " + topic);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }
}
