package dev.herald.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter between {@code min} and {@code max}, for a thread that
 * retries Redis until it answers; not thread-safe (one per retrying thread).
 */
final class Backoff {

  private final Duration min;
  private final Duration max;
  private int failures;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
  }

  /** The wait before the next try, counting one more failure. */
  Duration next() {
    long cap = Math.min(max.toMillis(), min.toMillis() << Math.min(failures++, 20));
    long spread = Math.max(0, cap - min.toMillis());
    return Duration.ofMillis(min.toMillis() + (long) (ThreadLocalRandom.current().nextDouble()
        * spread));
  }

  /** Failures since the last {@link #reset}. */
  int failures() {
    return failures;
  }

  void reset() {
    failures = 0;
  }
}
