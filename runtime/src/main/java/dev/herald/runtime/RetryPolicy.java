package dev.herald.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a failing delivery is retried: exponential backoff with jitter, up to a
 * cap. Attempt 1 is the first delivery; the wait before attempt {@code n + 1} is
 * {@code min(cap, initial * 2^(n-1))}, scaled by a random factor in {@code [1 - jitter, 1]}.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between two attempts
 * @param jitter the random share taken off each wait, between 0 and 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    double jitter) {

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30), 0.5);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("Backoff must satisfy 0 <= initial <= max, got initial "
          + initialBackoff + " and max " + maxBackoff);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  /** 3 attempts, 100 ms doubling up to 30 s, half of each wait random. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** Exactly one attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);
  }

  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialBackoff, maxBackoff, jitter);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, jitter);
  }

  public RetryPolicy withJitter(double share) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, share);
  }

  /** The wait after failed attempt {@code attempt} (1-based), jitter applied. */
  public Duration backoffAfter(int attempt) {
    long initial = initialBackoff.toNanos();
    long cap = maxBackoff.toNanos();
    int doublings = Math.min(Math.max(attempt - 1, 0), 62);
    long wait = initial > (cap >> doublings) ? cap : Math.min(cap, initial << doublings);
    double factor = 1 - jitter * ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (wait * factor));
  }
}
