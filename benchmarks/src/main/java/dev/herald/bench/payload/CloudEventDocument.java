package dev.herald.bench.payload;

import io.avaje.jsonb.Json;
import java.time.Instant;

/**
 * A CloudEvents 1.0 structured-mode document as Jackson databind and avaje-jsonb see it: the same
 * attributes Herald's {@code CloudEvents} writes, in the same order, with the payload in {@code data}.
 */
@Json
public record CloudEventDocument(
    String specversion,
    String id,
    String source,
    String type,
    Instant time,
    String datacontenttype,
    int eventversion,
    String correlationid,
    String causationid,
    String tenantid,
    OrderPlaced data) {}
