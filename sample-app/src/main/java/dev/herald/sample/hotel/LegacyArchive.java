package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.sample.events.AuditLog;
import java.util.EnumMap;
import java.util.Map;

/**
 * The head office's import of an older release's audit trail. It listens to today's
 * {@link AuditLog} (version 2) only: entries the first release stored as version 1 reach it already
 * upcast, with the severity version 2 gives their action.
 */
public final class LegacyArchive {

  private final Map<AuditLog.Severity, Integer> bySeverity = new EnumMap<>(AuditLog.Severity.class);

  @Subscribe
  synchronized void archive(AuditLog entry) {
    bySeverity.merge(entry.severity(), 1, Integer::sum);
  }

  /** Entries archived, per severity. */
  public synchronized Map<AuditLog.Severity, Integer> bySeverity() {
    return new EnumMap<>(bySeverity);
  }

  /** Entries archived. */
  public synchronized int entries() {
    return bySeverity.values().stream().mapToInt(Integer::intValue).sum();
  }
}
