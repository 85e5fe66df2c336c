package dev.herald.runtime.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.locks.LockSupport;

/**
 * The system clock in UTC at millisecond resolution, read from a field that one daemon thread
 * refreshes every millisecond: a read costs a memory load, where reading the system clock costs
 * 25–30 ns on a virtual machine (kvm-clock), more than a whole SYNC publish should.
 *
 * <p>The thread runs only while someone reads: after {@value #IDLE_TICKS} ticks without a read it
 * ends, and the next read takes the time from the system clock and starts a new one. A reading lags
 * the system clock by at most one tick while the thread gets the processor it asks for; on an
 * overloaded machine, by as long as the thread waits for it. Like log4j2's {@code CachedClock}, for
 * the same reason.
 *
 * <p>Public only because {@code EventBus.Builder}, in the root package, makes it the default clock;
 * no compatibility promise.
 */
public final class CoarseClock extends Clock {

  /** The one clock of this JVM; its thread is shared by every bus that uses it. */
  public static final CoarseClock UTC = new CoarseClock();

  private static final long TICK_NANOS = 1_000_000;
  static final int IDLE_TICKS = 200;

  /** The last reading of the system clock. */
  private volatile long millis = System.currentTimeMillis();
  /** Whether a thread keeps {@link #millis} fresh. */
  private volatile boolean ticking;
  /**
   * Set by readers, cleared by the thread each tick: whether anyone read during the tick. A plain
   * field on purpose: a lost write only delays the thread's end by a tick, and a reader writes it
   * at most once per tick, so the cache line stays quiet.
   */
  private boolean read;

  private CoarseClock() {}

  @Override
  public long millis() {
    if (!ticking) {
      return start();
    }
    if (!read) {
      read = true;
    }
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // A zone is for people reading the time, not for stamping events: they get the system's.
    return ZoneOffset.UTC.equals(zone) ? this : Clock.system(zone);
  }

  /** Reads the system clock, and starts the thread unless another reader did meanwhile. */
  private synchronized long start() {
    long now = System.currentTimeMillis();
    millis = now;
    read = true;
    if (!ticking) {
      ticking = true;
      Thread ticker = new Thread(this::tick, "herald-clock");
      ticker.setDaemon(true);
      ticker.start();
    }
    return now;
  }

  private void tick() {
    int idle = 0;
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      millis = System.currentTimeMillis();
      if (read) {
        read = false;
        idle = 0;
      } else if (++idle >= IDLE_TICKS && stop()) {
        return;
      }
    }
  }

  /** Ends the thread unless a reader came meanwhile; the next read starts another. */
  private synchronized boolean stop() {
    if (read) {
      return false;
    }
    ticking = false;
    return true;
  }

  @Override
  public String toString() {
    return "CoarseClock[UTC, 1 ms]";
  }
}
