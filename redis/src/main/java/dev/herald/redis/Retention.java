package dev.herald.redis;

import io.lettuce.core.XAddArgs;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How long event streams keep their entries: every {@code XADD} trims its stream, approximately
 * ({@code ~}), which Redis does cheaply in whole macro-nodes.
 *
 * <p>Trimming removes entries whether or not every consumer group has read them: keep more than the
 * slowest group's lag, or it misses events. A pending entry trimmed away is dropped from its group's
 * pending list by Redis when it is next claimed, without a dead letter.
 */
public final class Retention {

  private static final Retention NONE = new Retention(0, null);

  private final long maxLength;
  private final Duration maxAge;

  private Retention(long maxLength, Duration maxAge) {
    this.maxLength = maxLength;
    this.maxAge = maxAge;
  }

  /** Streams grow without bound; trim them yourself. */
  public static Retention none() {
    return NONE;
  }

  /** About {@code entries} newest entries per stream: {@code XADD ... MAXLEN ~ entries}. */
  public static Retention maxLength(long entries) {
    if (entries < 1) {
      throw new IllegalArgumentException("Retention.maxLength must be at least 1, got " + entries);
    }
    return new Retention(entries, null);
  }

  /**
   * Entries younger than {@code age}: {@code XADD ... MINID ~ <now - age>}, since stream ids begin
   * with their append time in milliseconds.
   */
  public static Retention maxAge(Duration age) {
    Objects.requireNonNull(age, "age");
    if (age.isNegative() || age.isZero()) {
      throw new IllegalArgumentException("Retention.maxAge must be positive, got " + age);
    }
    return new Retention(0, age);
  }

  /** The arguments of one {@code XADD} under this retention. */
  XAddArgs xaddArgs(Clock clock) {
    XAddArgs args = new XAddArgs();
    if (maxLength > 0) {
      args.maxlen(maxLength).approximateTrimming();
    } else if (maxAge != null) {
      args.minId((clock.millis() - maxAge.toMillis()) + "-0").approximateTrimming();
    }
    return args;
  }

  @Override
  public String toString() {
    return maxLength > 0 ? "MAXLEN ~ " + maxLength
        : maxAge != null ? "MINID ~ now - " + maxAge : "no trimming";
  }
}
