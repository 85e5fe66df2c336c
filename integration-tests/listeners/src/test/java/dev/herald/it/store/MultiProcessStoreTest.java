package dev.herald.it.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.DeadLetterQuery;
import dev.herald.runtime.DeadLetterStore;
import dev.herald.runtime.EventQuery;
import dev.herald.runtime.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes append to one SQLite file at the same time; nothing is lost or torn. */
class MultiProcessStoreTest {

  @Test
  void threeProcessesWriteOneFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shared.db");
    EventStore.sqlite(file).close(); // create the schema once, before the race
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (String name : List.of("p1", "p2", "p3")) {
      processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          AppendingProcess.class.getName(), file.toString(), name, "150")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + ".log").toFile())
          .start());
    }
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("process %d finishes", i).isTrue();
      assertThat(process.exitValue()).as("process %d: %s", i,
          Files.readString(dir.resolve("p" + (i + 1) + ".log"))).isZero();
    }
    try (EventStore events = EventStore.sqlite(file)) {
      assertThat(events.count(EventQuery.all())).isEqualTo(450);
      assertThat(events.read(EventQuery.all().limit(1000)))
          .extracting(s -> s.envelope().id()).doesNotHaveDuplicates().hasSize(450);
    }
    DeadLetterStore letters = DeadLetterStore.sqlite(file);
    assertThat(letters.count(DeadLetterQuery.all())).isEqualTo(450);
    assertThat(letters.count(DeadLetterQuery.all().subscriber("p2"))).isEqualTo(150);
  }
}
