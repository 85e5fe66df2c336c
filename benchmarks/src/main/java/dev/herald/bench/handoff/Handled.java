package dev.herald.bench.handoff;

import dev.herald.bench.payload.OrderPlaced;
import java.util.concurrent.CountDownLatch;

/** Where every hand-off contender's consumer reports an event handled. */
public final class Handled {

  private static volatile CountDownLatch batch = new CountDownLatch(0);

  private Handled() {}

  /** Starts a batch of {@code events} and returns what completes when all were handled. */
  static CountDownLatch expect(int events) {
    CountDownLatch latch = new CountDownLatch(events);
    batch = latch;
    return latch;
  }

  /** The listeners' little work: read the payload, count it. */
  public static void handle(OrderPlaced event) {
    if (event.totalCents() >= 0) {
      batch.countDown();
    }
  }
}
