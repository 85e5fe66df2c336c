package dev.herald.redis;

import dev.herald.runtime.observability.TransportMetrics;
import java.util.concurrent.atomic.LongAdder;

/** What a {@link RedisTransport} counted since it was built; read by {@code bus.metrics()}. */
final class TransportCounters {

  private final LongAdder received = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder claimed = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();

  /** An entry handed to the bus; {@code delivery} 1 for its first delivery. */
  void delivered(long delivery) {
    (delivery <= 1 ? received : redelivered).increment();
  }

  /** An entry taken over from another consumer of the group. */
  void claimed() {
    claimed.increment();
  }

  /** An entry moved to the dead-letter stream. */
  void deadLettered() {
    deadLettered.increment();
  }

  TransportMetrics snapshot() {
    return new TransportMetrics("redis", received.sum(), redelivered.sum(), claimed.sum(),
        deadLettered.sum());
  }
}
