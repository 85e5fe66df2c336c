package dev.herald.web;

/**
 * A token bucket of one client's inbound frames: {@code perSecond} frames a second, in bursts of
 * up to as many. Used by the client's reading thread only (Jetty reads one frame at a time).
 */
final class RateLimit {

  private final int perSecond;
  private double tokens;
  private long refilledAt;
  private int refusedInARow;

  RateLimit(int perSecond) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.refilledAt = System.nanoTime();
  }

  /** Takes a token; false if none is left. */
  boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      refusedInARow = 0;
      return true;
    }
    refusedInARow++;
    return false;
  }

  /** Frames refused since the last one let through. */
  int refusedInARow() {
    return refusedInARow;
  }

  int perSecond() {
    return perSecond;
  }
}
