package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.redis.it.Job;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.testservers.Await;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What batching promises, against a real redis-server: a burst queued behind the batches awaiting
 * Redis's answer is written when the answers come, in order; a publish that timed out before it was
 * written is never written; the entries of one read are acknowledged with one {@code XACK}.
 */
@Timeout(120)
class PipeliningTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  private final List<EventBus> buses = new ArrayList<>();
  private String namespace;

  @BeforeEach
  void namespace(TestInfo test) {
    namespace = "p" + Math.abs(test.getDisplayName().hashCode()) + "-" + System.nanoTime();
  }

  @AfterEach
  void close() {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
  }

  private EventBus bus(String service, UnaryOperator<RedisTransport.Builder> options) {
    EventBus bus = EventBus.builder().source(service).transport(options.apply(
        RedisTransport.builder().uri(redis.uri()).namespace(namespace).carries("job:*")
            .blockTime(Duration.ofMillis(100))).build()).build();
    buses.add(bus);
    return bus;
  }

  private String stream() {
    return namespace + ":stream:job:queued";
  }

  @Test
  void aBurstQueuedBehindUnansweredBatchesIsWrittenByTheRepliesAndArrivesInOrder() throws Exception {
    EventBus gateway = bus("gateway", RedisTransport.Builder::publishOnly);
    gateway.start();
    gateway.publish(new Job(-1)); // connected, stream created
    long before = calls("xadd");
    redis.commands().clientPause(300); // the burst queues up behind the first two batches

    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int n = 0; n < 1_000; n++) {
      sent.add(gateway.publishAsync(new Job(n)).toCompletableFuture());
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(calls("xadd") - before).as("every XADD reached Redis").isEqualTo(1_000);
    assertThat(jobsInStream()).as("in the order published")
        .containsExactlyElementsOf(IntStream.range(-1, 1_000).boxed().toList());
  }

  @Test
  void aPublishThatTimedOutBeforeItWasWrittenNeverReachesRedis() throws Exception {
    EventBus gateway = bus("gateway", b -> b.publishOnly().publishTimeout(Duration.ofMillis(300)));
    gateway.start();
    gateway.publish(new Job(0)); // connected, stream created
    redis.commands().clientPause(1_500); // Redis answers nobody for a while

    // Two batches may wait for Redis's answer at once; the third publish waits in the queue.
    CompletableFuture<?> first = gateway.publishAsync(new Job(1)).toCompletableFuture();
    CompletableFuture<?> second = gateway.publishAsync(new Job(2)).toCompletableFuture();
    CompletableFuture<?> queued = gateway.publishAsync(new Job(3)).toCompletableFuture();
    assertThatThrownBy(() -> gateway.publish(new Job(5))).as("queued as well, and awaited")
        .isInstanceOf(TransportException.class).hasMessageContaining("TimeoutException");
    for (CompletableFuture<?> stage : List.of(first, second, queued)) {
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TransportException.class)
          .hasMessageContaining("TimeoutException");
    }

    // Answered once the pause ends (this connection waits for it too).
    Await.until(() -> redis.commands().xlen(stream()) == 3, Duration.ofSeconds(10),
        () -> redis.commands().xlen(stream()) + " entries");
    gateway.publishAsync(new Job(4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(jobsInStream())
        .as("the first two were written before they timed out, and Redis took them; the third"
            + " and the fifth were still queued when their publish failed, and were dropped")
        .containsExactly(0, 1, 2, 4);
  }

  @Test
  void theEntriesOfOneReadAreAcknowledgedWithOneXack() {
    EventBus gateway = bus("gateway", RedisTransport.Builder::publishOnly);
    gateway.start();
    gateway.publishAll(IntStream.range(0, 300).mapToObj(Job::new).toList());
    EventBus billing = bus("billing", b -> b.batchSize(100));
    List<Integer> charged = new CopyOnWriteArrayList<>();
    billing.subscribe(Job.class, job -> charged.add(job.n()));
    long before = calls("xack");

    billing.start(); // a new group starts at the beginning: three reads of 100

    Await.until(() -> charged.size() == 300
            && redis.commands().xpending(stream(), "billing").getCount() == 0,
        Duration.ofSeconds(20), () -> charged.size() + " charged, "
            + redis.commands().xpending(stream(), "billing").getCount() + " pending");
    assertThat(calls("xack") - before).as("one XACK per read of 100").isBetween(1L, 3L);
    assertThat(charged).containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
  }

  private List<Integer> jobsInStream() {
    CloudEvents wire = CloudEvents.of(List.of(
        EventBus.builder().build().keyOf(Job.class).orElseThrow()));
    List<Integer> jobs = new ArrayList<>();
    for (StreamMessage<String, String> entry : redis.commands().xrange(stream(),
        Range.create("-", "+"))) {
      jobs.add(((Job) wire.fromJson(entry.getBody().get(RedisTransport.EVENT)
          .getBytes(StandardCharsets.UTF_8)).payload()).n());
    }
    return jobs;
  }

  /** How often Redis ran a command since it started ({@code INFO commandstats}). */
  private static long calls(String command) {
    Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
        .matcher(redis.commands().info("commandstats"));
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }
}
