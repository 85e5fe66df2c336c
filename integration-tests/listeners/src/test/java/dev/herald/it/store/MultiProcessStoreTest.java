package dev.herald.it.store;

import static dev.herald.it.store.StoreFixtures.WIRE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.contracts.CrashProbe;
import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.jdbc.JdbcEventStore;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.store.EventQuery;
import dev.herald.runtime.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs create and append to one SQLite file at the same time, with both durabilities;
 * nothing is lost, duplicated or torn, and each process's events keep their order.
 */
class MultiProcessStoreTest {

  private static final int PER_PROCESS = 150;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void threeProcessesCreateAndWriteOneFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shared.db"); // no schema yet: the processes race to create it
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Map<String, String> durabilities = Map.of("p1", "PER_EVENT", "p2", "PER_EVENT",
        "p3", "GROUP_COMMIT");
    List<Process> processes = new ArrayList<>();
    List<String> names = List.of("p1", "p2", "p3");
    try {
      for (String name : names) {
        processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            AppendingProcess.class.getName(), file.toString(), name, String.valueOf(PER_PROCESS),
            durabilities.get(name))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start());
      }
      for (int i = 0; i < processes.size(); i++) {
        Process process = processes.get(i);
        String log = dir.resolve(names.get(i) + ".log").toString();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", names.get(i))
            .isTrue();
        assertThat(process.exitValue()).as("%s: %s", names.get(i),
            Files.readString(Path.of(log))).isZero();
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }

    try (EventStore events = JdbcEventStore.sqlite(file, WIRE)) {
      List<EventStore.Stored> all = events.read(EventQuery.all().limit(1_000));
      assertThat(all).hasSize(3 * PER_PROCESS)
          .extracting(s -> s.envelope().id()).doesNotHaveDuplicates();
      Map<String, List<Long>> sequences = all.stream()
          .map(s -> (CrashProbe) s.envelope().payload())
          .collect(Collectors.groupingBy(CrashProbe::stream,
              Collectors.mapping(CrashProbe::sequence, Collectors.toList())));
      for (String name : names) {
        assertThat(sequences.get(name)).as(name).hasSize(PER_PROCESS).isSorted();
      }
    }
    DeadLetterStore letters = JdbcDeadLetterStore.sqlite(file, WIRE);
    try {
      assertThat(letters.count(DeadLetterQuery.all())).isEqualTo(3 * PER_PROCESS);
      assertThat(letters.count(DeadLetterQuery.all().subscriber("p2"))).isEqualTo(PER_PROCESS);
    } finally {
      letters.close();
    }
  }
}
