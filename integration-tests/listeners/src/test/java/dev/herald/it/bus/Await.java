package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.EventBus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Deadlines for asynchronous tests: every wait is bounded, none hopes a sleep was long enough. */
final class Await {

  /** Long enough for a loaded CI machine, short enough that a hang fails fast. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private Await() {}

  static void latch(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
        .as("latch released within %s (count left %d)", PATIENCE, latch.getCount())
        .isTrue();
  }

  static void idle(EventBus bus) throws InterruptedException {
    assertThat(bus.awaitIdle(PATIENCE)).as("bus idle within %s", PATIENCE).isTrue();
  }

  /** Polls {@code condition} until it holds; only where no latch or awaitIdle can say it. */
  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + PATIENCE + " waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
