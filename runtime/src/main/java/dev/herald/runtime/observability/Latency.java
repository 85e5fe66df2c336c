package dev.herald.runtime.observability;

import java.time.Duration;

/**
 * Handler latency of a set of deliveries: how long each attempt ran, from a histogram whose buckets
 * are within 12.5% of the values they hold.
 *
 * @param count attempts timed
 * @param mean the mean, or zero when none
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the longest attempt
 */
public record Latency(long count, Duration mean, Duration p50, Duration p90, Duration p99,
    Duration max) {

  public static final Latency NONE =
      new Latency(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
}
