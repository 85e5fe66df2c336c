package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.sample.events.AuditLog.Severity;
import dev.herald.sample.hotel.LegacyArchive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first release's SQLite file holds audit:log v1 only; a listener of v2 gets every entry, from
 * the event store and from the dead letters, with the severity the upcaster derives.
 */
class FirstReleaseAuditTest {

  @Test
  void everyVersion1EntryReachesTheVersion2Listener(@TempDir Path dir) throws Exception {
    Path original = Path.of("src/main/resources/legacy/first-release-audit.db");
    byte[] before = Files.readAllBytes(original);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    LegacyArchive archive = FirstReleaseAudit.replay(dir.resolve("copy.db"),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    // Seven entries stored, and the same seven dead-lettered: nobody listened to them then.
    assertThat(archive.entries()).isEqualTo(14);
    assertThat(archive.bySeverity()).isEqualTo(
        Map.of(Severity.INFO, 8, Severity.NOTICE, 2, Severity.WARNING, 4));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("7 stored entries and 7 dead letters reached its audit:log v2 listener");
    assertThat(Files.readAllBytes(original)).as("the checked-in file is only read")
        .isEqualTo(before);
  }
}
