package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;
import java.util.List;
import java.util.Map;

/**
 * An audit entry as the first release wrote it, before entries had a severity. Nothing publishes it
 * any more: it is kept so that entries stored then are read, and carried to {@link AuditLog} by
 * {@code AuditLogUpcasts.toV2}.
 *
 * @param action what was done, e.g. {@code task.create} or {@code guest.view}
 * @param actorId a staff id, or {@code system}
 * @param resourceType the kind of record, e.g. {@code task}
 */
@Event(value = "audit:log", critical = true, persist = true)
public record AuditLogV1(
    String action,
    String actorId,
    AuditLog.ActorType actorType,
    String resourceType,
    String resourceId,
    @Nullable List<Change> changes,
    @Nullable Map<String, String> metadata,
    @Sensitive @Nullable String ip,
    @Sensitive @Nullable String userAgent) {}
