package dev.herald.runtime.spi;

import dev.herald.runtime.observability.TransportMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind a transport's {@link Transport#metrics()}: cheap to bump from any thread,
 * read when meters are scraped.
 */
public final class TransportCounters {

  private final String transport;
  private final LongAdder received = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder claimed = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();

  /** Counters of the transport named {@code transport}, e.g. {@code redis}. */
  public TransportCounters(String transport) {
    this.transport = transport;
  }

  /** An entry handed to the bus; {@code delivery} is 1 for its first delivery. */
  public void delivered(long delivery) {
    (delivery <= 1 ? received : redelivered).increment();
  }

  /** An entry taken over from another consumer of the group. */
  public void claimed() {
    claimed.increment();
  }

  /** An entry moved to the transport's dead letters (failed too often, or unreadable). */
  public void deadLettered() {
    deadLettered.increment();
  }

  /** The figures now. */
  public TransportMetrics snapshot() {
    return new TransportMetrics(transport, received.sum(), redelivered.sum(), claimed.sum(),
        deadLettered.sum());
  }
}
