package dev.herald.processor.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message of the catalogue has a negative test: a call of one of the assertions that check
 * the outcome, the message's code, the file, the line and the count ({@code assertSingleError},
 * {@code assertError}, {@code assertSingleWarning}, {@code assertSingleNote} of
 * {@code testing.Compiler}, or {@code assertSingleProblem} on a validator's report) with the
 * message's constant, somewhere in the processor's tests.
 */
class MessageCatalogueTest {

  private static final Path TESTS = Path.of("src", "test", "java");

  /** {@code assertSingleError(compilation, Message.EVENT_PRIVATE, ...}, over several lines too. */
  private static final Pattern NEGATIVE_TEST = Pattern.compile(
      "\\bassert(?:Single)?(?:Error|Warning|Note|Problem)\\((?:[^;]*?),\\s*Message\\.([A-Z_]+)\\b");

  @Test
  void everyMessageHasANegativeTest() {
    Set<String> tested = testedMessages();
    List<String> untested = Arrays.stream(Message.values())
        .map(Message::name)
        .filter(name -> !tested.contains(name))
        .toList();
    assertThat(untested)
        .as("messages without a negative test (failed(), the code, the file and line, the count)")
        .isEmpty();
  }

  @Test
  void theScanFindsTheNegativeTestsItCounts() {
    // Guards the scan itself: if it found nothing, the check above would find every message
    // untested, but a pattern that matched anything would find every message tested.
    assertThat(testedMessages()).contains("EVENT_NOT_RECORD", "PATTERN_UNMATCHED")
        .allMatch(name -> Arrays.stream(Message.values()).anyMatch(m -> m.name().equals(name)));
  }

  private static Set<String> testedMessages() {
    Set<String> tested = new TreeSet<>();
    try (Stream<Path> files = Files.walk(TESTS)) {
      files.filter(file -> file.toString().endsWith(".java"))
          .filter(file -> !file.endsWith(MessageCatalogueTest.class.getSimpleName() + ".java"))
          .forEach(file -> {
        Matcher matcher = NEGATIVE_TEST.matcher(read(file));
        while (matcher.find()) {
          tested.add(matcher.group(1));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tested;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
