package dev.herald.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services in JVMs of their own on one real transport: a group's instances share its events, every
 * group sees them all, and an instance killed with SIGKILL mid-batch loses nothing. A subclass per
 * transport says how a worker and the publisher connect, and what the transport has not settled.
 *
 * <p>A worker is a main class that joins a group on the transport, handles jobs with
 * {@link HandledLog#handle} and then calls {@link WorkerProcesses#serve()}; the test publishes
 * jobs, numbered.
 */
@Timeout(180)
public abstract class MultiProcessContract {

  /** This test's topic prefix or key namespace: nothing of another test's is seen. */
  protected final String prefix = "mp" + System.nanoTime();

  private final Class<?> worker;
  private final IntFunction<? extends Record> job;
  private final List<EventBus> buses = new ArrayList<>();
  private final WorkerProcesses workers = new WorkerProcesses();
  private Path handled;

  /** With the main class {@code worker} of the worker JVMs, and {@code job} making job number n. */
  protected MultiProcessContract(Class<?> worker, IntFunction<? extends Record> job) {
    this.worker = worker;
    this.job = job;
  }

  /**
   * The worker main class's arguments for an instance of {@code group} that takes
   * {@code handleMillis} a job and records them in {@code handled}. With {@code quickTakeover},
   * another instance takes over what a dead one held within seconds, even if a slow instance's
   * deliveries are then taken over and run twice.
   */
  protected abstract List<String> workerArguments(String group, String instance,
      long handleMillis, Path handled, boolean quickTakeover);

  /** A bus on the transport that publishes jobs and consumes nothing. */
  protected abstract EventBus publisher();

  /**
   * How many of the deliveries to {@code group} are not settled yet: received or on their way,
   * neither acknowledged nor committed.
   */
  protected abstract long unsettled(String group);

  /**
   * Waits until {@code group} has {@code instances} instances that share its work; by default
   * nothing, for a transport that shares each read.
   */
  protected void awaitMembers(String group, int instances) {}

  @BeforeEach
  void handledLogs() throws IOException {
    handled = Files.createTempDirectory("handled-");
  }

  @AfterEach
  void stop() throws Exception {
    buses.forEach(bus -> bus.close(Duration.ofSeconds(10)));
    workers.close();
  }

  @Test
  void instancesOfAServiceShareItsEventsAndEveryServiceSeesThemAll() throws Exception {
    start("billing", "billing-1", 5, false);
    start("billing", "billing-2", 5, false);
    start("audit", "audit-1", 1, false);
    awaitMembers("billing", 2);
    awaitMembers("audit", 1);
    int count = publish(300);

    HandledLog billing = handled("billing");
    HandledLog audit = handled("audit");
    Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    Await.until(() -> billing.lines().size() >= count && audit.lines().size() >= count,
        Duration.ofSeconds(90), () -> "billing handled " + billing.lines().size() + ", audit "
            + audit.lines().size() + " of " + count);
    // A job is recorded before it is settled: once both groups hold nothing unsettled, nothing is
    // being handled, and a job handled twice would show below.
    Await.until(() -> unsettled("billing") == 0 && unsettled("audit") == 0,
        Duration.ofSeconds(30), () -> "unsettled: billing " + unsettled("billing") + ", audit "
            + unsettled("audit"));
    assertThat(billing.numbers()).as("each job billed exactly once").hasSize(count)
        .containsExactlyInAnyOrderElementsOf(all);
    assertThat(audit.numbers()).as("each job audited exactly once").hasSize(count)
        .containsExactlyInAnyOrderElementsOf(all);
    assertThat(billing.countByInstance()).as("both instances took a share")
        .containsOnlyKeys("billing-1", "billing-2")
        .allSatisfy((instance, n) -> assertThat(n).isPositive());
  }

  @Test
  void anInstanceKilledMidBatchLosesNothingAnotherDeliversWhatItHeld() throws Exception {
    Process doomed = start("billing", "doomed", 100, true);
    awaitMembers("billing", 1);
    int count = publish(60);
    HandledLog billing = handled("billing");
    // Mid-batch: it has finished a few, and holds received but unfinished ones. Enough of them
    // that it cannot settle them all between this check and the kill (each takes 100 ms): a
    // threshold on finished jobs alone can fall at a read's end, after its settlement and before
    // the next read, where it holds nothing.
    Await.until(() -> billing.lines().size() >= 3 && unsettled("billing") >= 5,
        Duration.ofSeconds(30), () -> "the doomed instance handled " + billing.lines().size()
            + ", unsettled " + unsettled("billing"));
    doomed.destroyForcibly(); // SIGKILL
    assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Set<Integer> finishedByDoomed = new HashSet<>(billing.numbers());
    assertThat(finishedByDoomed).as("it died mid-way").hasSizeLessThan(count);
    assertThat(unsettled("billing")).as("it died holding deliveries").isPositive();

    start("billing", "survivor", 1, true);

    Set<Integer> all = IntStream.range(0, count).boxed().collect(Collectors.toSet());
    Await.until(() -> new HashSet<>(billing.numbers()).containsAll(all), Duration.ofSeconds(60),
        () -> "handled " + new HashSet<>(billing.numbers()));
    assertThat(billing.numbersBy("survivor")).as("the survivor handled what the doomed one had not")
        .containsAll(all.stream().filter(n -> !finishedByDoomed.contains(n)).toList());
    Await.until(() -> unsettled("billing") == 0, Duration.ofSeconds(20),
        () -> "unsettled " + unsettled("billing"));
  }

  private int publish(int count) {
    EventBus publisher = publisher();
    buses.add(publisher);
    for (int n = 0; n < count; n++) {
      publisher.publish(job.apply(n));
    }
    return count;
  }

  private HandledLog handled(String group) {
    return new HandledLog(handled.resolve(group));
  }

  private Process start(String group, String instance, long handleMillis, boolean quickTakeover)
      throws IOException {
    return workers.start(instance, worker, workerArguments(group, instance, handleMillis,
        handled.resolve(group), quickTakeover));
  }
}
