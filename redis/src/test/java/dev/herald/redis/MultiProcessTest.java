package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.redis.it.Job;
import dev.herald.redis.it.Worker;
import dev.herald.runtime.EventBus;
import io.lettuce.core.models.stream.PendingMessages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Services in JVMs of their own ({@link Worker}), sharing a real redis-server: a group's instances
 * share its events, every group sees them all, and a killed instance loses nothing.
 */
@Timeout(180)
class MultiProcessTest {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  /** Long enough that a loaded machine's slow batch is never claimed and handled twice. */
  private static final Duration NO_CLAIMS = Duration.ofSeconds(30);
  /** Short, for the test of claiming; it tolerates duplicates. */
  private static final Duration QUICK_CLAIMS = Duration.ofSeconds(1);

  private final List<Process> workers = new ArrayList<>();
  private final List<EventBus> buses = new ArrayList<>();
  private String namespace;

  @BeforeEach
  void namespace() {
    namespace = "mp" + System.nanoTime();
  }

  @AfterEach
  void stop() throws Exception {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
    for (Process worker : workers) {
      worker.getOutputStream().close(); // graceful: the worker closes its bus
    }
    for (Process worker : workers) {
      if (!worker.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  @Test
  void instancesOfAServiceShareItsEventsAndEveryServiceSeesThemAll() throws Exception {
    start("billing", "billing-1", 5, NO_CLAIMS);
    start("billing", "billing-2", 5, NO_CLAIMS);
    start("audit", "audit-1", 1, NO_CLAIMS);
    EventBus publisher = publisher();

    int count = 300;
    for (int n = 0; n < count; n++) {
      publisher.publish(new Job(n));
    }

    Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    Await.until(() -> handled("billing").size() >= count && handled("audit").size() >= count,
        Duration.ofSeconds(60), () -> "billing handled " + handled("billing").size() + ", audit "
            + handled("audit").size() + " of " + count);
    // A job is recorded before it is acknowledged: once nothing is pending, nothing is being
    // handled, and a job handled twice would show below.
    Await.until(() -> redis.commands().xpending(stream(), "billing").getCount() == 0
            && redis.commands().xpending(stream(), "audit").getCount() == 0,
        Duration.ofSeconds(20), () -> "still pending: billing "
            + redis.commands().xpending(stream(), "billing") + ", audit "
            + redis.commands().xpending(stream(), "audit"));
    List<String> billing = handled("billing");
    assertThat(numbers(billing)).as("each job billed exactly once").hasSize(count)
        .containsExactlyInAnyOrderElementsOf(all);
    assertThat(numbers(handled("audit"))).as("each job audited exactly once").hasSize(count)
        .containsExactlyInAnyOrderElementsOf(all);
    Map<String, Long> perInstance = billing.stream()
        .collect(Collectors.groupingBy(h -> h.substring(0, h.indexOf(':')), Collectors.counting()));
    assertThat(perInstance).as("both instances took a share").containsOnlyKeys("billing-1",
        "billing-2").allSatisfy((instance, n) -> assertThat(n).isPositive());
  }

  @Test
  void aKilledInstanceLosesNothingItsPendingEntriesAreClaimedByAnother() throws Exception {
    Process doomed = start("billing", "doomed", 100, QUICK_CLAIMS);
    EventBus publisher = publisher();
    int count = 60;
    for (int n = 0; n < count; n++) {
      publisher.publish(new Job(n));
    }
    // Mid-batch: it has finished a few, and holds read but unfinished entries.
    Await.until(() -> handled("billing").size() >= 3, Duration.ofSeconds(30),
        () -> "the doomed instance handled " + handled("billing").size());
    doomed.destroyForcibly(); // SIGKILL
    assertThat(doomed.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    PendingMessages pending = redis.commands().xpending(stream(), "billing");
    Set<Integer> finishedByDoomed = new HashSet<>(numbers(handled("billing")));
    assertThat(pending.getConsumerMessageCount()).as("it died holding entries")
        .containsKey("doomed");
    assertThat(pending.getConsumerMessageCount().get("doomed")).isPositive();

    start("billing", "survivor", 1, QUICK_CLAIMS);

    Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    Await.until(() -> new HashSet<>(numbers(handled("billing"))).containsAll(all),
        Duration.ofSeconds(60), () -> "handled " + new HashSet<>(numbers(handled("billing"))));
    List<String> survivor = handled("billing").stream().filter(h -> h.startsWith("survivor:"))
        .toList();
    assertThat(numbers(survivor)).as("the survivor handled what the doomed one had not")
        .containsAll(all.stream().filter(n -> !finishedByDoomed.contains(n)).toList());
    Await.until(() -> redis.commands().xpending(stream(), "billing").getCount() == 0,
        Duration.ofSeconds(20), () -> "still pending: " + redis.commands().xpending(stream(), "billing"));
  }

  private String stream() {
    return namespace + ":stream:job:queued";
  }

  private EventBus publisher() {
    RedisTransport transport = RedisTransport.builder().uri(redis.uri()).namespace(namespace)
        .carries("job:*").consumes().build();
    EventBus bus = EventBus.builder().source("gateway").transport(transport).build().start();
    buses.add(bus);
    return bus;
  }

  private List<String> handled(String group) {
    return redis.commands().lrange(namespace + ":handled:" + group, 0, -1);
  }

  private static List<Integer> numbers(List<String> handled) {
    return handled.stream().map(h -> Integer.parseInt(h.substring(h.indexOf(':') + 1))).toList();
  }

  /** Starts a worker JVM and waits until it consumes. */
  private Process start(String group, String consumer, long handleMillis, Duration claimIdle)
      throws Exception {
    Path log = Files.createTempFile("worker-" + consumer + "-", ".log");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath(), Worker.class.getName(),
        redis.uri(), namespace, group, consumer, Long.toString(handleMillis),
        Long.toString(claimIdle.toMillis()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    workers.add(process);
    Await.until(() -> read(log).contains("READY") || !process.isAlive(), Duration.ofSeconds(60),
        () -> "worker " + consumer + " not ready:\n" + read(log));
    assertThat(process.isAlive()).as("worker %s started:%n%s", consumer, read(log)).isTrue();
    return process;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The test class path: what Maven wrote for the worker JVMs, else this JVM's. */
  private static String classPath() throws IOException {
    Path target = Path.of("target");
    Path dependencies = target.resolve("test-classpath.txt");
    if (Files.exists(dependencies)) {
      return String.join(File.pathSeparator, target.resolve("test-classes").toAbsolutePath().toString(),
          target.resolve("classes").toAbsolutePath().toString(), Files.readString(dependencies).trim());
    }
    return System.getProperty("java.class.path");
  }
}
