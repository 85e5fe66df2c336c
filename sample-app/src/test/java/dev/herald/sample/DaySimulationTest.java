package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.sample.report.DayReport;
import dev.herald.sample.report.ReportPrinter;
import dev.herald.sample.report.Story;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole days, flat out: the same seed tells the same story, and the story is a healthy one. */
@Timeout(120)
class DaySimulationTest {

  @TempDir
  Path dir;

  private DayReport day(long seed, String file) throws InterruptedException {
    return DaySimulation.run(new DaySimulation.Options(3, 40, Duration.ZERO, seed,
        dir.resolve(file)), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
  }

  /** Completed outbox entries per event type; fails if any entry is still pending or failed. */
  private static Map<String, Long> relayedByType(Path database) throws SQLException {
    Map<String, Long> relayed = new HashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT event_type, state, COUNT(*)"
            + " FROM herald_outbox GROUP BY event_type, state")) {
      while (rows.next()) {
        assertThat(rows.getString(2)).as("outbox entries of %s", rows.getString(1))
            .isEqualTo("COMPLETED");
        relayed.put(rows.getString(1), rows.getLong(3));
      }
    }
    return relayed;
  }

  @Test
  void theSameSeedTellsTheSameStoryAndAnotherSeedAnother() throws Exception {
    Story first = day(7, "first.db").story();
    Story again = day(7, "again.db").story();
    Story other = day(8, "other.db").story();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aDayUsesEveryContractAndLosesNothing() throws Exception {
    DayReport report = day(42, "day.db");
    Story story = report.story();

    assertThat(story.eventsByType().keySet().stream().filter(t -> !t.startsWith("herald:")))
        .as("all 53 event types happen in a default day").hasSize(53);
    assertThat(story.escalations()).isPositive();
    assertThat(story.tasksOverdue()).isPositive();
    assertThat(story.tasksClosed()).isPositive().isLessThanOrEqualTo(story.tasksOpened());
    assertThat(story.retries()).isPositive();
    assertThat(story.deadLettered()).as("the outage leaves dead letters").isPositive();
    assertThat(story.deadLettersReplayed()).isEqualTo(story.deadLettered());
    assertThat(story.deadLettersLeft()).isZero();
    assertThat(story.auditEntriesStored()).isEqualTo(story.eventsByType().get("audit:log"));
    assertThat(story.tenantLeaks()).isZero();
    assertThat(story.hotels()).hasSize(3).allSatisfy((hotel, day) -> {
      assertThat(day.guestMessages()).isPositive();
      assertThat(day.tasksOpened()).isPositive();
    });
    assertThat(story.eventsByType().get("message:delivered"))
        .as("every reply reaches its guest, after retries and replays")
        .isEqualTo(story.eventsByType().get("message:sent"));
    // The bus's own metrics agree with the app's observer, type by type: what the bus published,
    // plus what the task boards' outbox relayed (delivered, not published, on the bus).
    Map<String, Long> relayed = relayedByType(report.database());
    assertThat(relayed).containsKeys("task:created", "task:assigned", "task:completed",
        "task:overdue", "task:updated", "task:escalated");
    story.eventsByType().forEach((type, count) -> assertThat(
        report.metrics().type(type).published() + relayed.getOrDefault(type, 0L)).as(type)
        .isEqualTo(count));
    assertThat(report.metrics().total().retried()).isEqualTo(story.retries());
    assertThat(report.metrics().total().deadLettered()).isEqualTo(story.deadLettered());
    assertThat(report.metrics().total().latency().count()).isPositive();
    assertThat(report.recent()).extracting(e -> e.payload())
        .anySatisfy(p -> assertThat(p).contains("\"identifier\":\"***\""))
        .contains(dev.herald.runtime.observability.HistoryEntry.WITHHELD);
    // The observer sees an ORDERED listener's events before, at times, the SYNC observer sees the
    // message that caused them; causation, not arrival, says which event is the root.
    assertThat(report.flow()).filteredOn(link -> link.causationId() == null)
        .extracting(link -> link.type()).containsExactly("message:received");
    assertThat(report.flow()).extracting(link -> link.type())
        .contains("conversation:escalated", "task:created", "task:assigned", "message:sent");

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new ReportPrinter(new PrintStream(printed, true, StandardCharsets.UTF_8)).print(report);
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("conversation:escalated", "p50", "p99", "replayed")
        .endsWith(ReportPrinter.GOOD_NIGHT + System.lineSeparator());
  }
}
