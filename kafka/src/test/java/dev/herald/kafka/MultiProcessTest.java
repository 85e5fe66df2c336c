package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.kafka.it.Job;
import dev.herald.kafka.it.Worker;
import dev.herald.runtime.EventBus;
import dev.herald.testservers.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services in JVMs of their own ({@link Worker}) on one real broker: a group's instances share its
 * events, every group sees them all, and an instance killed with SIGKILL mid-batch loses nothing.
 */
@Timeout(180)
class MultiProcessTest {

  private static final TestBroker broker = TestBroker.shared();

  private final List<Process> workers = new ArrayList<>();
  private final List<EventBus> buses = new ArrayList<>();
  private String prefix;
  private Path handled;
  private Admin admin;

  @BeforeEach
  void prefix() throws IOException {
    prefix = "mp" + System.nanoTime();
    handled = Files.createTempDirectory("handled-");
    admin = broker.admin();
  }

  @AfterEach
  void stop() throws Exception {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
    for (Process worker : workers) {
      worker.getOutputStream().close(); // graceful: the worker closes its bus
    }
    for (Process worker : workers) {
      if (!worker.waitFor(20, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
    admin.close();
  }

  @Test
  void instancesOfAServiceShareItsEventsAndEveryServiceSeesThemAll() throws Exception {
    start("billing", "billing-1", 2);
    start("billing", "billing-2", 2);
    start("audit", "audit-1", 0);
    Groups.awaitStable(admin, "billing", 2, Duration.ofSeconds(60));
    Groups.awaitStable(admin, "audit", 1, Duration.ofSeconds(60));
    EventBus publisher = publisher();

    int count = 300;
    for (int n = 0; n < count; n++) {
      publisher.publish(new Job(n));
    }

    Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    Await.until(() -> handled("billing").size() >= count && handled("audit").size() >= count,
        Duration.ofSeconds(90), () -> "billing handled " + handled("billing").size() + ", audit "
            + handled("audit").size() + " of " + count);
    // A job is recorded before its offset is committed: once both groups have no lag, nothing is
    // being handled, and a job handled twice would show below.
    Await.until(() -> Groups.lag(admin, "billing", topic()) == 0
            && Groups.lag(admin, "audit", topic()) == 0, Duration.ofSeconds(30),
        () -> "lag: billing " + Groups.lag(admin, "billing", topic()) + ", audit "
            + Groups.lag(admin, "audit", topic()));
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
  void anInstanceKilledMidBatchLosesNothingTheGroupDeliversItsUncommittedRecordsAgain()
      throws Exception {
    Process doomed = start("billing", "doomed", 100);
    Groups.awaitStable(admin, "billing", 1, Duration.ofSeconds(60));
    EventBus publisher = publisher();
    int count = 60;
    for (int n = 0; n < count; n++) {
      publisher.publish(new Job(n));
    }
    // Mid-batch: it has finished a few, and holds polled but unfinished records.
    Await.until(() -> handled("billing").size() >= 3, Duration.ofSeconds(30),
        () -> "the doomed instance handled " + handled("billing").size());
    doomed.destroyForcibly(); // SIGKILL
    assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Set<Integer> finishedByDoomed = new HashSet<>(numbers(handled("billing")));
    assertThat(finishedByDoomed).as("it died mid-way").hasSizeLessThan(count);
    assertThat(Groups.lag(admin, "billing", topic())).as("it died with records uncommitted")
        .isPositive();

    start("billing", "survivor", 0);

    Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    Await.until(() -> new HashSet<>(numbers(handled("billing"))).containsAll(all),
        Duration.ofSeconds(60), () -> "handled " + new HashSet<>(numbers(handled("billing"))));
    List<String> survivor = handled("billing").stream().filter(h -> h.startsWith("survivor:"))
        .toList();
    assertThat(numbers(survivor)).as("the survivor handled what the doomed one had not")
        .containsAll(all.stream().filter(n -> !finishedByDoomed.contains(n)).toList());
    Await.until(() -> Groups.lag(admin, "billing", topic()) == 0, Duration.ofSeconds(20),
        () -> "lag " + Groups.lag(admin, "billing", topic()));
  }

  private String topic() {
    return prefix + ".job.queued";
  }

  private EventBus publisher() {
    KafkaTransport transport = KafkaTransport.builder().bootstrapServers(broker.bootstrapServers())
        .topicPrefix(prefix).carries("job:*").consumes().build();
    EventBus bus = EventBus.builder().source("gateway").transport(transport).build().start();
    buses.add(bus);
    return bus;
  }

  private List<String> handled(String group) {
    try {
      Path file = handled.resolve(group);
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Integer> numbers(List<String> handled) {
    return handled.stream().map(h -> Integer.parseInt(h.substring(h.indexOf(':') + 1))).toList();
  }

  /** Starts a worker JVM and waits until it consumes. */
  private Process start(String group, String instance, long handleMillis) throws Exception {
    Path log = Files.createTempFile("worker-" + instance + "-", ".log");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", TestBroker.classPath(),
        Worker.class.getName(), broker.bootstrapServers(), prefix, group, instance,
        Long.toString(handleMillis), handled.resolve(group).toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    workers.add(process);
    Await.until(() -> read(log).contains("READY") || !process.isAlive(), Duration.ofSeconds(60),
        () -> "worker " + instance + " not ready:\n" + read(log));
    assertThat(process.isAlive()).as("worker %s started:%n%s", instance, read(log)).isTrue();
    return process;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
