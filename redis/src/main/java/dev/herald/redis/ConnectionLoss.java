package dev.herald.redis;

/**
 * What {@code publish} does while Redis cannot be reached.
 *
 * <ul>
 *   <li>{@link #failFast()}: it throws {@link dev.herald.runtime.TransportException} at once (well,
 *       within the publish timeout), and the caller decides. The default.
 *   <li>{@link #buffer(int)}: it keeps up to {@code capacity} envelopes in this process, in order,
 *       sends them when Redis is back, and throws only when the buffer is full. Buffered envelopes are
 *       lost if the process dies before Redis comes back: {@code publish} returned without Redis
 *       holding them.
 * </ul>
 */
public final class ConnectionLoss {

  private static final ConnectionLoss FAIL_FAST = new ConnectionLoss(0);

  private final int capacity;

  private ConnectionLoss(int capacity) {
    this.capacity = capacity;
  }

  /** {@code publish} throws while Redis is away; the default. */
  public static ConnectionLoss failFast() {
    return FAIL_FAST;
  }

  /** {@code publish} keeps up to {@code capacity} envelopes in this process while Redis is away. */
  public static ConnectionLoss buffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("ConnectionLoss.buffer needs a capacity of at least 1, got "
          + capacity);
    }
    return new ConnectionLoss(capacity);
  }

  /** The buffer's capacity; 0 when failing fast. */
  public int capacity() {
    return capacity;
  }

  /** Whether envelopes are buffered while Redis is away. */
  public boolean buffers() {
    return capacity > 0;
  }

  @Override
  public String toString() {
    return capacity == 0 ? "fail fast" : "buffer up to " + capacity;
  }
}
