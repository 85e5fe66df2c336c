package dev.herald.it.observe;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** For listeners that hold a delivery until the test lets go, never longer than the deadline. */
final class Latches {

  private Latches() {}

  static void hold(CountDownLatch release) {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
