import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sources of StartupBenchmark: N event records, N listener classes (each with a Herald
 * and a Guava {@code @Subscribe} method) and {@code StartupListeners.newListeners()}. Run by the
 * {@code startup} Maven profile: {@code java GenerateStartupSources.java <dir> <N>}.
 */
public final class GenerateStartupSources {

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Path dir = root.resolve("dev/herald/bench/startup/gen");
    Files.createDirectories(dir);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < n; i++) {
      write(dir.resolve("StartupEvent" + i + ".java"), """
          package dev.herald.bench.startup.gen;

          import dev.herald.annotations.Event;
          import dev.herald.annotations.OrderingKey;
          import java.time.Instant;

          /** Start-up benchmark event %1$d. */
          @Event("startup.group%2$d:event%1$d")
          public record StartupEvent%1$d(@OrderingKey String id, String note, Instant at, long amount) {}
          """.formatted(i, i % 20));
      write(dir.resolve("StartupListener" + i + ".java"), """
          package dev.herald.bench.startup.gen;

          /** Start-up benchmark listener %1$d: the same class registers with Herald and with Guava. */
          public final class StartupListener%1$d {
            public long total;

            @dev.herald.annotations.Subscribe
            @com.google.common.eventbus.Subscribe
            public void on(StartupEvent%1$d event) {
              total += event.amount();
            }
          }
          """.formatted(i));
      all.append("        new StartupListener").append(i).append("(),\n");
    }
    write(dir.resolve("StartupListeners.java"), """
        package dev.herald.bench.startup.gen;

        /** Creates one instance of each generated listener class. */
        public final class StartupListeners {
          private StartupListeners() {}

          public static Object[] newListeners() {
            return new Object[] {
        %s    };
          }
        }
        """.formatted(all));
  }

  private static void write(Path file, String text) throws IOException {
    if (!Files.exists(file) || !Files.readString(file).equals(text)) {
      Files.writeString(file, text);
    }
  }
}
