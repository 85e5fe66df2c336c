package dev.herald.bench.kafka;

import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.kafka.KafkaTransport;
import dev.herald.testservers.TestBroker;
import dev.herald.runtime.EventBus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * herald-kafka against the ceiling of a plain kafka-clients producer loop, on one broker (KRaft,
 * herald-kafka's test broker: a JVM of its own on this machine).
 *
 * <ul>
 *   <li>{@code heraldPublishConsumeCommit}: 8 threads publish {@value #BATCH} events (each publish
 *       waits for the broker's acks=all); one op ends when a consumer bus in another group heard
 *       all of them and committed them (zero lag). Throughput, events/s.
 *   <li>{@code producerLoop}: the ceiling: one kafka-clients producer (acks=all, idempotent, the
 *       same value size) sends {@value #BATCH} records asynchronously and flushes. Records/s.
 *   <li>{@code heraldRoundTrip}: one publish until its subscriber in the consumer bus ran, sampled
 *       (p50, p99 in JMH's output).
 *   <li>{@code producerAck}: the ceiling's latency: one {@code send().get()} with acks=all.
 * </ul>
 *
 * <p>On a 2-core machine that also runs the broker, the figures measure the machine as much as the
 * transport: the in-process-style broker here is a correctness harness, not a performance one.
 *
 * <pre>
 * java -jar ... or: java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     org.openjdk.jmh.Main 'dev.herald.bench.kafka.*'
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KafkaBenchmark {

  static final int BATCH = 1_000;
  private static final String GROUP = "bench-consumer";

  private TestBroker broker;
  private EventBus publisher;
  private EventBus consumer;
  private KafkaTransport consumerTransport;
  private KafkaProducer<byte[], byte[]> producer;
  private Admin admin;
  private ExecutorService threads;
  private final AtomicLong heard = new AtomicLong();
  private long published;
  private byte[] value;
  private String topic;

  @Setup(Level.Trial)
  public void start() throws Exception {
    broker = TestBroker.start(TestBroker.classPath());
    String prefix = "bench" + System.nanoTime();
    KafkaTransport out = KafkaTransport.builder().bootstrapServers(broker.bootstrapServers())
        .topicPrefix(prefix).carries("order:*").consumes().partitions(6).build();
    publisher = EventBus.builder().source("bench-publisher").transport(out).build().start();
    consumerTransport = KafkaTransport.builder().bootstrapServers(broker.bootstrapServers())
        .topicPrefix(prefix).carries("order:*").partitions(6).startFromEarliest(true).build();
    consumer = EventBus.builder().source(GROUP).transport(consumerTransport).build();
    consumer.subscribe(OrderPlaced.class, order -> heard.incrementAndGet());
    consumer.start();
    topic = consumerTransport.topicOf("order:placed");
    admin = broker.admin();
    threads = Executors.newFixedThreadPool(8);
    value = new byte[publisher.keyOf(OrderPlaced.class).orElseThrow().toJson(Samples.order(1))
        .length + 200]; // about one envelope's CloudEvents JSON
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    // Warm the path end to end before JMH's warm-up: topics, group join, first fetch.
    publisher.publish(Samples.order(0));
    published = 1;
    awaitHeardAndCommitted();
  }

  @TearDown(Level.Trial)
  public void stop() {
    threads.shutdownNow();
    producer.close();
    admin.close();
    publisher.close(Duration.ofSeconds(10));
    consumer.close(Duration.ofSeconds(10));
    broker.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public long heraldPublishConsumeCommit() throws Exception {
    int perThread = BATCH / 8;
    Future<?>[] sent = new Future<?>[8];
    for (int t = 0; t < 8; t++) {
      int base = t * perThread;
      sent[t] = threads.submit(() -> {
        for (int n = 0; n < perThread; n++) {
          publisher.publish(Samples.order(base + n));
        }
      });
    }
    for (Future<?> f : sent) {
      f.get();
    }
    published += BATCH;
    awaitHeardAndCommitted();
    return heard.get();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long heraldRoundTrip() {
    long target = heard.get() + 1;
    publisher.publish(Samples.order((int) target));
    published++;
    while (heard.get() < target) {
      Thread.onSpinWait();
    }
    return target;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void producerLoop() {
    for (int n = 0; n < BATCH; n++) {
      producer.send(new ProducerRecord<>(topic + ".ceiling", Integer.toString(n).getBytes(),
          value));
    }
    producer.flush();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object producerAck() throws Exception {
    return producer.send(new ProducerRecord<>(topic + ".ceiling", value)).get();
  }

  /** Waits until the consumer heard every event published and committed them all. */
  private void awaitHeardAndCommitted() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (heard.get() < published || lag() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("heard " + heard.get() + " of " + published + ", lag "
            + lag());
      }
      Thread.sleep(1);
    }
  }

  private long lag() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
        .partitionsToOffsetAndMetadata().get();
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
        .partitions().size();
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    long lag = 0;
    for (var end : admin.listOffsets(ends).all().get().entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      lag += end.getValue().offset() - (at == null ? 0 : at.offset());
    }
    return lag;
  }
}
