package dev.herald.it.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.contracts.EventMap;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import dev.herald.runtime.wire.CloudEvents;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost on a crash: a child JVM publishes critical, persisted events while a
 * flaky listener fails and retries; it is killed with SIGKILL at a random moment; then every event
 * whose publish returned must be in the event store, intact, and after a restart on the same files
 * every one of them is handled or dead-lettered.
 */
class CrashRecoveryTest {

  /** The contracts stores used without a bus read and write with. */
  private static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void everyAcknowledgedEventSurvivesSigkill(@TempDir Path dir) throws Exception {
    int killAfter = ThreadLocalRandom.current().nextInt(50, 400);
    Process child = start(dir, "publish");
    Path acks = dir.resolve("acks.txt");
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (lines(acks).size() < killAfter) {
      assertThat(child.isAlive()).as("the publishing child died early: %s", output(dir)).isTrue();
      assertThat(System.nanoTime()).as("%d acknowledgements within %s", killAfter, DEADLINE)
          .isLessThan(deadline);
      Thread.onSpinWait();
      child.waitFor(5, TimeUnit.MILLISECONDS);
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
    assertThat(child.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

    List<String> acknowledged = lines(acks);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(killAfter);
    Set<String> stored = new HashSet<>();
    try (EventStore store = JdbcEventStore.sqlite(dir.resolve("herald.db"), WIRE)) {
      store.replay(EventQuery.all().type("crash:probe"), envelope -> stored.add(envelope.id()));
      assertThat(store.count(EventQuery.all())).as("every stored row decodes")
          .isEqualTo(stored.size());
    }
    assertThat(stored).as("acknowledged events are in the event store")
        .containsAll(acknowledged);

    Process recovery = start(dir, "recover");
    assertThat(recovery.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("recovery finishes").isTrue();
    assertThat(recovery.exitValue()).as("recovery output: %s", output(dir)).isZero();

    Set<String> settled = new HashSet<>(handled(dir));
    DeadLetterStore deadLetters = JdbcDeadLetterStore.sqlite(dir.resolve("herald.db"), WIRE);
    for (DeadLetter letter : deadLetters.list(DeadLetterQuery.all().limit(Integer.MAX_VALUE))) {
      settled.add(letter.envelope().id());
    }
    assertThat(settled).as("after recovery every acknowledged event is handled or dead-lettered")
        .containsAll(acknowledged);
  }

  private static Process start(Path dir, String mode) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), mode, dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(mode + ".log").toFile())
        .start();
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    // A line cut by the kill has no newline yet: only whole lines were acknowledged.
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  private static Set<String> handled(Path dir) throws Exception {
    try (CrashChild.Handled handled = new CrashChild.Handled(dir.resolve("handled.db"))) {
      return handled.ids();
    }
  }

  private static String output(Path dir) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String mode : List.of("publish", "recover")) {
      File log = dir.resolve(mode + ".log").toFile();
      if (log.exists()) {
        String content = Files.readString(log.toPath());
        text.append(mode).append(": ").append(content, Math.max(0, content.length() - 2000),
            content.length());
      }
    }
    return text.toString();
  }
}
