package dev.herald.web;

/**
 * What a {@link CloudEventsIngest} counted since it started.
 *
 * @param accepted events published into the bus (202)
 * @param duplicates redelivered events acknowledged without publishing them again (202)
 * @param badRequests requests refused with 400: malformed, unknown type, missing attribute
 * @param unauthenticated requests refused with 401: no principal, or a bad signature
 * @param forbidden requests refused with 403: an event type not accepted, another tenant's event
 * @param tooLarge requests refused with 413
 * @param unsupportedMediaType requests refused with 415
 * @param unavailable requests refused with 503: the bus closed or full
 */
public record IngestMetrics(long accepted, long duplicates, long badRequests,
    long unauthenticated, long forbidden, long tooLarge, long unsupportedMediaType,
    long unavailable) {}
