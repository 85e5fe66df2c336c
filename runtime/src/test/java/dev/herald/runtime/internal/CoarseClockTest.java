package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoarseClockTest {

  private static final CoarseClock CLOCK = CoarseClock.UTC;

  /**
   * Reads lag by a tick, more when the machine is busy and the clock's thread waits for a core; the
   * median tells a clock that follows from one that stopped (whose lag would grow to about half the
   * test's length, hundreds of milliseconds), where the worst single read only tells how busy the
   * machine was.
   */
  @Test
  void followsTheSystemClockWithinAFewMilliseconds() throws InterruptedException {
    CLOCK.millis(); // starts the thread
    long[] lags = new long[500];
    for (int i = 0; i < lags.length; i++) {
      long before = System.currentTimeMillis();
      long read = CLOCK.millis();
      long after = System.currentTimeMillis();
      assertThat(read).as("never ahead of the system clock").isLessThanOrEqualTo(after);
      lags[i] = before - read;
      Thread.sleep(1);
    }
    Arrays.sort(lags);
    assertThat(lags[lags.length / 2]).as("median lag in ms over %s reads", lags.length)
        .isLessThanOrEqualTo(50);
  }

  @Test
  void movesOnWhileRead() throws InterruptedException {
    long first = CLOCK.millis();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long now = first;
    while (now < first + 20 && System.nanoTime() < deadline) {
      Thread.sleep(1);
      now = CLOCK.millis();
    }
    assertThat(now).isGreaterThanOrEqualTo(first + 20);
  }

  @Test
  void itsThreadEndsWhenNobodyReadsAndTheNextReadStartsAnother() throws InterruptedException {
    CLOCK.millis();
    assertThat(clockThreads()).isPositive();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (clockThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20); // other tests in this JVM may read meanwhile; then it ends later
    }
    assertThat(clockThreads()).as("herald-clock threads after %d idle ticks",
        CoarseClock.IDLE_TICKS).isZero();

    long before = System.currentTimeMillis();
    assertThat(CLOCK.millis()).as("read from the system clock while no thread ticks")
        .isGreaterThanOrEqualTo(before);
    assertThat(clockThreads()).isEqualTo(1);
  }

  @Test
  void isAClockInUtc() {
    assertThat(CLOCK.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(CLOCK.withZone(ZoneOffset.UTC)).isSameAs(CLOCK);
    Instant instant = CLOCK.instant();
    assertThat(instant.getNano() % 1_000_000).as("millisecond resolution").isZero();
    assertThat(Duration.between(instant, Instant.now())).isLessThan(Duration.ofSeconds(10));
  }

  private static long clockThreads() {
    Thread[] threads = new Thread[Thread.activeCount() * 2 + 8];
    int n = Thread.enumerate(threads);
    return Arrays.stream(threads, 0, n).filter(t -> t.getName().equals("herald-clock")).count();
  }
}
