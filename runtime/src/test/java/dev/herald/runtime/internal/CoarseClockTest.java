package dev.herald.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoarseClockTest {

  private static final CoarseClock CLOCK = CoarseClock.UTC;

  @Test
  void followsTheSystemClockWithinAFewMilliseconds() throws InterruptedException {
    CLOCK.millis(); // starts the thread
    long worst = 0;
    for (int i = 0; i < 200; i++) {
      long before = System.currentTimeMillis();
      long read = CLOCK.millis();
      long after = System.currentTimeMillis();
      // A reading lags by a tick, more when the machine is busy; it is never ahead.
      assertThat(read).isLessThanOrEqualTo(after);
      worst = Math.max(worst, before - read);
      Thread.sleep(0, 250_000);
    }
    assertThat(worst).as("worst lag in ms over 200 reads").isLessThan(250);
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
    assertThat(Duration.between(instant, Instant.now())).isLessThan(Duration.ofSeconds(1));
  }

  private static long clockThreads() {
    Thread[] threads = new Thread[Thread.activeCount() * 2 + 8];
    int n = Thread.enumerate(threads);
    return Arrays.stream(threads, 0, n).filter(t -> t.getName().equals("herald-clock")).count();
  }
}
