package dev.herald.web;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * What one webhook endpoint counted since it started, and its circuit breaker now.
 *
 * @param endpoint the endpoint's name
 * @param breaker the state of its circuit breaker
 * @param delivered requests the endpoint answered with 2xx
 * @param failed attempts that failed: no answer, a timeout, 5xx, 408 or 429
 * @param rejected attempts the endpoint answered with another 4xx
 * @param notPermitted attempts the open circuit breaker refused without a request
 * @param failureRate the breaker's failure rate in percent over its window, or -1 before it has
 *     seen its minimum number of calls
 */
public record WebhookMetrics(String endpoint, CircuitBreaker.State breaker, long delivered,
    long failed, long rejected, long notPermitted, float failureRate) {}
