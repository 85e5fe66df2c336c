package dev.herald.testservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Service instances in JVMs of their own, for multi-process tests. A worker's main method calls
 * {@link #serve()} once it consumes: it prints {@code READY}, which {@link #start} waits for, and
 * returns when its standard input ends, which is how {@link #close} stops it gracefully.
 */
public final class WorkerProcesses implements AutoCloseable {

  private static final String READY = "READY";

  private final List<Process> started = new ArrayList<>();

  /** The test class path: what Maven wrote for child JVMs, else this JVM's. */
  public static String testClassPath() {
    Path target = Path.of("target");
    Path dependencies = target.resolve("test-classpath.txt");
    try {
      if (Files.exists(dependencies)) {
        return String.join(File.pathSeparator,
            target.resolve("test-classes").toAbsolutePath().toString(),
            target.resolve("classes").toAbsolutePath().toString(),
            Files.readString(dependencies).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return System.getProperty("java.class.path");
  }

  /** Worker side: says it is ready, then runs until the test closes its standard input. */
  public static void serve() throws IOException {
    System.out.println(READY);
    System.out.flush();
    while (System.in.read() != -1) {
      // runs until the test closes our standard input
    }
  }

  /**
   * Starts {@code main} with {@code args} in a JVM on the {@linkplain #testClassPath test class
   * path}, and waits until it is ready; fails with its output if it dies or is not ready in a
   * minute.
   */
  public Process start(String name, Class<?> main, List<String> args) throws IOException {
    Path log = Files.createTempFile("worker-" + name + "-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), main.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    started.add(process);
    Await.until(() -> read(log).contains(READY) || !process.isAlive(), Duration.ofSeconds(60),
        () -> "worker " + name + " not ready:\n" + read(log));
    if (!process.isAlive()) {
      throw new AssertionError("worker " + name + " died:\n" + read(log));
    }
    return process;
  }

  /** Stops every worker gracefully (it closes its bus), or forcibly after 20 seconds. */
  @Override
  public void close() throws IOException, InterruptedException {
    for (Process worker : started) {
      worker.getOutputStream().close();
    }
    for (Process worker : started) {
      if (!worker.waitFor(20, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
