package dev.herald.runtime.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * For transport implementations: the checks a builder applies to the values it is given, with
 * messages that name the setting and the value. Each returns the value it accepted.
 */
public final class SettingChecks {

  private SettingChecks() {}

  /**
   * {@code value}, unless it is null or blank.
   *
   * @param what the setting, as the message names it: "A {@code what} must not be blank"
   */
  public static String requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("A " + what + " must not be blank");
    }
    return value;
  }

  /** {@code duration}, unless it is null (a {@code NullPointerException}), zero or negative. */
  public static Duration requirePositive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
    return duration;
  }

  /** {@code value}, unless it is below {@code minimum}. */
  public static int requireAtLeast(int value, int minimum, String what) {
    if (value < minimum) {
      throw new IllegalArgumentException(what + " must be at least " + minimum + ", got " + value);
    }
    return value;
  }

  /**
   * Checks the bounds of a backoff: both positive ({@code "<what> minimum"} and
   * {@code "<what> maximum"}), the maximum not below the minimum.
   */
  public static void requireRange(Duration min, Duration max, String what) {
    requirePositive(min, what + " minimum");
    requirePositive(max, what + " maximum");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException(what + " maximum " + max + " is below minimum " + min);
    }
  }

  /**
   * {@code maxInFlight}, unless it is below {@code batchSize}: a consumer that may not hold one
   * batch could never read.
   */
  public static int requireMaxInFlight(int maxInFlight, int batchSize) {
    if (maxInFlight < batchSize) {
      throw new IllegalArgumentException("maxInFlight must be at least batchSize (" + batchSize
          + "), got " + maxInFlight);
    }
    return maxInFlight;
  }
}
