package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;
import java.util.List;
import java.util.Map;

/**
 * Who did what to which record: the trail compliance asks for.
 *
 * <p>Critical and persisted: every entry is in the event store before {@code publish} returns.
 *
 * @param action what was done, e.g. {@code task.create} or {@code guest.view}
 * @param actorId a staff id, or {@code system}
 * @param resourceType the kind of record, e.g. {@code task}
 */
@Event(value = "audit:log", critical = true, persist = true)
public record AuditLog(
    String action,
    String actorId,
    ActorType actorType,
    String resourceType,
    String resourceId,
    @Nullable List<Change> changes,
    @Nullable Map<String, String> metadata,
    @Sensitive @Nullable String ip,
    @Sensitive @Nullable String userAgent) {

  /** Who acted. */
  public enum ActorType {
    STAFF,
    SYSTEM,
    GUEST
  }
}
