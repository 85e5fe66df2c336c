package dev.herald.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The jobs a group's worker JVMs finished, in a file of lines {@code <instance>:<n>}: the workers
 * append, the test reads. Each line is one write, so an instance killed with SIGKILL loses no line
 * it wrote.
 */
public final class HandledLog {

  private final Path file;

  /** The log in {@code file}, which need not exist yet. */
  public HandledLog(Path file) {
    this.file = file;
  }

  /** Worker side: handles job {@code n} as workers do, taking {@code millis}, then records it. */
  public void handle(String instance, int n, long millis) {
    try {
      Thread.sleep(millis);
      Files.write(file, (instance + ":" + n + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines written so far. */
  public List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The numbers of the jobs finished so far, a job handled twice twice. */
  public List<Integer> numbers() {
    return numbers(lines());
  }

  /** The numbers of the jobs {@code instance} finished so far. */
  public List<Integer> numbersBy(String instance) {
    return numbers(lines().stream().filter(line -> line.startsWith(instance + ":")).toList());
  }

  /** How many jobs each instance finished so far. */
  public Map<String, Long> countByInstance() {
    return lines().stream().collect(Collectors.groupingBy(
        line -> line.substring(0, line.indexOf(':')), Collectors.counting()));
  }

  private static List<Integer> numbers(List<String> lines) {
    return lines.stream().map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1)))
        .toList();
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
