package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;
import java.util.List;
import java.util.Map;

/**
 * Who did what to which record, and how much it matters: the trail compliance asks for.
 *
 * <p>Critical and persisted: every entry is in the event store before {@code publish} returns.
 * Version 2 added {@code severity}; entries of version 1 ({@link AuditLogV1}) are read as this
 * version through {@code AuditLogUpcasts.toV2}.
 *
 * @param action what was done, e.g. {@code task.create} or {@code guest.view}
 * @param actorId a staff id, or {@code system}
 * @param resourceType the kind of record, e.g. {@code task}
 * @param severity how closely compliance should look at it
 */
@Event(value = "audit:log", version = 2, critical = true, persist = true)
public record AuditLog(
    String action,
    String actorId,
    ActorType actorType,
    String resourceType,
    String resourceId,
    @Nullable List<Change> changes,
    @Nullable Map<String, String> metadata,
    @Sensitive @Nullable String ip,
    @Sensitive @Nullable String userAgent,
    Severity severity) {

  /** Who acted. */
  public enum ActorType {
    STAFF,
    SYSTEM,
    GUEST
  }

  /** How closely compliance should look at an entry. */
  public enum Severity {
    INFO,
    NOTICE,
    WARNING;

    /** Escalations are warnings, merged guest profiles notices, the rest information. */
    public static Severity of(String action) {
      if (action.endsWith(".escalated")) {
        return WARNING;
      }
      return action.endsWith(".merged") ? NOTICE : INFO;
    }
  }
}
