package dev.herald.sample.report;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * One line that rewrites itself (a carriage return, no newline) while the day runs: the simulated
 * time, a bar, and the counts so far. At most ten updates a second, so printing never slows the day.
 */
public final class ProgressLine {

  private static final int BAR = 24;
  private static final long EVERY_NANOS = 100_000_000L;

  private final PrintStream out;
  private final DayStats stats;
  private final Instant dayStart;
  private final Duration dayLength;
  private long lastPrint;
  private int lastLength;

  public ProgressLine(PrintStream out, DayStats stats, Instant dayStart, Duration dayLength) {
    this.out = out;
    this.stats = stats;
    this.dayStart = dayStart;
    this.dayLength = dayLength;
  }

  /** Shows the day at {@code now}, unless the line was drawn less than 100 ms ago. */
  public void update(Instant now) {
    long wall = System.nanoTime();
    if (lastPrint != 0 && wall - lastPrint < EVERY_NANOS) {
      return;
    }
    lastPrint = wall;
    draw(now);
  }

  /** Draws the final state and ends the line. */
  public void finish(Instant now) {
    draw(now);
    out.println();
    out.flush();
  }

  private void draw(Instant now) {
    long elapsed = Duration.between(dayStart, now).toMinutes();
    double share = Math.min(1.0, elapsed / (double) dayLength.toMinutes());
    int filled = (int) Math.round(share * BAR);
    String line = String.format("  %02d:%02d [%s%s] %,d events, %,d escalations, %,d tasks, "
            + "%,d retries, %,d dead letters",
        elapsed / 60, elapsed % 60, "#".repeat(filled), ".".repeat(BAR - filled), stats.total(),
        stats.count("conversation:escalated"), stats.count("task:created"), stats.retries(),
        stats.deadLettered());
    // Pad over the previous line's tail, in case this one is shorter.
    String padding = " ".repeat(Math.max(0, lastLength - line.length()));
    lastLength = line.length();
    out.print("\r" + line + padding);
    out.flush();
  }
}
