package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: its help, and the mistakes it refuses before simulating anything. */
class ConciergeCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new Concierge()).setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void helpExplainsEveryOption() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--guests", "--hotels", "--duration", "--seed", "--db",
        "same seed", "--first-hotel", "--redis", "--instance");
  }

  @Test
  void anInstanceNameNeedsRedis() {
    assertThat(run("--instance", "one")).isEqualTo(2);
    assertThat(err.toString()).contains("give --redis too");
    assertThat(run("--first-hotel", "0")).isEqualTo(2);
  }

  @Test
  void durationsAreWrittenLikePeopleWriteThem() {
    Concierge.DurationConverter converter = new Concierge.DurationConverter();
    assertThat(converter.convert("10s")).hasSeconds(10);
    assertThat(converter.convert("500ms")).hasMillis(500);
    assertThat(converter.convert("2m")).hasMinutes(2);
    assertThat(converter.convert("0")).isZero();
    assertThat(converter.convert("PT3S")).hasSeconds(3);
    assertThat(run("--duration", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void anUnreachableRedisIsNamedBeforeTheDayStarts() {
    assertThat(run("--redis", "redis://127.0.0.1:1", "--db", dir.resolve("day.db").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("Cannot reach Redis at 127.0.0.1:1", "check --redis");
  }

  @Test
  void anExistingDatabaseIsRefused() throws Exception {
    Path db = Files.createFile(dir.resolve("old.db"));
    assertThat(run("--db", db.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("exists");
  }
}
