/**
 * What a bus tells about itself: {@link dev.herald.runtime.observability.BusMetrics metrics},
 * {@link dev.herald.runtime.observability.EventHistory history} and event status,
 * {@link dev.herald.runtime.observability.Health health}, and the
 * {@link dev.herald.runtime.observability.MdcKeys MDC keys} listeners log with.
 */
package dev.herald.runtime.observability;
