package dev.herald.sample.report;

import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.HistoryEntry;
import dev.herald.runtime.observability.Latency;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Prints the end-of-day report for people: plain ASCII, aligned columns, the story first. */
public final class ReportPrinter {

  /** The report's last line; CI looks for it. */
  public static final String GOOD_NIGHT = "Good night from Jack the Butler.";

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrintStream out;

  public ReportPrinter(PrintStream out) {
    this.out = out;
  }

  public void print(DayReport report) {
    Story story = report.story();
    out.printf("%nJack the Butler: a day at %d hotel%s, %d guests each, seed %d%n",
        report.hotels(), report.hotels() == 1 ? "" : "s", report.guestsPerHotel(), report.seed());
    out.printf("  24 simulated hours in %.1f s of wall-clock time%n%n",
        report.wallTime().toMillis() / 1000.0);

    out.printf("  %-34s %9s %10s %20s%n", "Events by type", "count", "per second",
        "handler p50 / p99");
    long appTypes = 0;
    for (Map.Entry<String, Long> entry : story.eventsByType().entrySet()) {
      if (!entry.getKey().startsWith("herald:")) {
        appTypes++;
        row(report, entry.getKey(), entry.getValue());
      }
    }
    out.printf("  %-34s%n", "the bus's own events:");
    story.eventsByType().forEach((type, count) -> {
      if (type.startsWith("herald:")) {
        row(report, type, count);
      }
    });
    row(report, "all events", story.totalEvents());
    out.printf("  (%d of the concierge's event types happened today)%n%n", appTypes);

    out.printf("  %-18s %8s %9s %12s %14s%n", "Hotel", "events", "messages", "escalations",
        "tasks open/done");
    story.hotels().forEach((hotel, day) -> out.printf("  %-18s %,8d %,9d %,12d %8d / %d%n", hotel,
        day.events(), day.guestMessages(), day.escalations(), day.tasksOpened(),
        day.tasksClosed()));
    out.println();

    out.printf("  %-26s %,d%n", "Guest messages", story.guestMessages());
    out.printf("  %-26s %,d%n", "Escalations to a person", story.escalations());
    out.printf("  %-26s %,d opened, %,d closed, %,d went overdue%n", "Tasks", story.tasksOpened(),
        story.tasksClosed(), story.tasksOverdue());
    out.printf("  %-26s %,d%n", "Retries", story.retries());
    out.printf("  %-26s %,d, of which %,d replayed at the night audit, %,d left%n",
        "Dead letters", story.deadLettered(), story.deadLettersReplayed(),
        story.deadLettersLeft());
    out.printf("  %-26s %,d entries stored in %s%n", "Audit log", story.auditEntriesStored(),
        report.database());
    if (report.redis() != null) {
      redis(report.redis());
    }
    out.printf("  %-26s %s%n", "Tenant isolation", story.tenantLeaks() == 0
        ? "no hotel heard another hotel's events"
        : story.tenantLeaks() + " events reached the wrong hotel!");
    Latency all = report.metrics().total().latency();
    out.printf("  %-26s p50 %s, p99 %s, max %s over %,d timed deliveries (the bus's metrics)%n",
        "Handler latency", micros(all.p50()), micros(all.p99()), micros(all.max()), all.count());
    Health health = report.health();
    out.printf("  %-26s %s%n", "Bus health", health.status());
    new TreeMap<>(health.components()).forEach((name, component) -> out.printf("    %-24s %-9s %s%n", name,
        component.status(), component.reason()));

    out.printf("%n  What the bus's history shows of personal data (@Sensitive, logPayload):%n");
    for (HistoryEntry entry : report.recent()) {
      String payload = entry.payload();
      out.printf("    %-18s %s%n", entry.type(),
          payload.length() > 150 ? payload.substring(0, 147) + "..." : payload);
    }

    if (!report.flow().isEmpty()) {
      out.printf("%n  The day's first escalation, end to end (correlation %s):%n",
          report.flow().get(0).id());
      printFlow(report.flow());
    }
    out.println();
    out.println(GOOD_NIGHT);
    out.flush();
  }

  /** This instance's share of the audit trail that travelled over Redis or Kafka. */
  private void redis(RedisDay redis) {
    out.printf("  %-26s instance %s in group %s on %s, %s %s%n",
        "Audit trail over " + redis.transport(), redis.instance(), redis.group(), redis.redis(),
        redis.transport().equals("Kafka") ? "topic" : "stream", redis.stream());
    out.printf("    %-24s %,d by this instance's hotels (%s); the group archived %s of them,"
        + " waited %.1f s%n", "published", redis.published(), String.join(", ", redis.ownHotels()),
        redis.redisDeadLetters() == 0 ? "all" : "or dead-lettered all",
        redis.waited().toMillis() / 1000.0);
    out.printf("    %-24s %,d entries: %,d of this instance's hotels, %,d of other instances'%n",
        "archived here", redis.archivedOwn() + redis.archivedOthers(), redis.archivedOwn(),
        redis.archivedOthers());
    StringBuilder byHotel = new StringBuilder();
    redis.archivedByHotel().forEach((hotel, count) -> byHotel.append(byHotel.length() == 0 ? ""
        : ", ").append(hotel).append(' ').append(String.format("%,d", count)));
    out.printf("    %-24s %s%n", "by hotel", byHotel.length() == 0 ? "-" : byHotel);
    out.printf("    %-24s %,d (delivery is at least once: an entry %s delivers again is"
        + " archived again)%n", "delivered again here", redis.repeats(), redis.transport());
    out.printf("    %-24s %,d%n", redis.transport() + " dead letters", redis.redisDeadLetters());
  }

  private void row(DayReport report, String type, long count) {
    Latency latency = type.equals("all events") ? report.metrics().total().latency()
        : report.metrics().type(type).latency();
    out.printf("  %-34s %,9d %10.1f %20s%n", type, count, report.eventsPerSecond(count),
        latency.count() == 0 ? "-" : String.format("%,d / %s", latency.p50().toNanos() / 1000,
            micros(latency.p99())));
  }

  private static String micros(Duration duration) {
    return String.format("%,d us", duration.toNanos() / 1000);
  }

  /** Draws the events of one correlation as a tree of who caused what. */
  private void printFlow(List<DayStats.Link> flow) {
    Set<String> ids = new HashSet<>();
    flow.forEach(link -> ids.add(link.id()));
    Map<String, List<DayStats.Link>> children = new HashMap<>();
    List<DayStats.Link> roots = new ArrayList<>();
    for (DayStats.Link link : flow) {
      if (link.causationId() == null || !ids.contains(link.causationId())) {
        roots.add(link);
      } else {
        children.computeIfAbsent(link.causationId(), c -> new ArrayList<>()).add(link);
      }
    }
    for (DayStats.Link root : roots) {
      printLink(root, children, 2);
    }
  }

  private void printLink(DayStats.Link link, Map<String, List<DayStats.Link>> children, int depth) {
    out.printf("%s%-" + (40 - 2 * depth) + "s %s%n", "  ".repeat(depth), link.type(),
        CLOCK.format(link.time()));
    // Siblings in publish order, except the audit trail's entries: its ASYNC listener publishes
    // them whenever it gets to them, so they go last to keep the tree the same in every run.
    List<DayStats.Link> next = new ArrayList<>(children.getOrDefault(link.id(), List.of()));
    next.sort(Comparator.comparing(DayStats.Link::time)
        .thenComparing(child -> child.type().equals("audit:log")));
    for (DayStats.Link child : next) {
      printLink(child, children, depth + 1);
    }
  }
}
