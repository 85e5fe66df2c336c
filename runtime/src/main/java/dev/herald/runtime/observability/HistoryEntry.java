package dev.herald.runtime.observability;

import dev.herald.runtime.wire.CloudEvents;
import java.time.Instant;

/**
 * One event the bus saw, as history shows it: its metadata, its payload rendered for people, and its
 * status when the entry was read.
 *
 * @param payload the payload as JSON with every {@code @Sensitive} component shown as {@code "***"},
 *     or {@link #WITHHELD} for an event whose contract says {@code logPayload = false}
 */
public record HistoryEntry(String id, String type, int version, Instant time, String source,
    String correlationId, String causationId, String tenantId, String payload,
    EventStatus status) {

  /** The payload of an event marked {@code logPayload = false}. */
  public static final String WITHHELD = CloudEvents.WITHHELD;
}
