package dev.herald.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The bridge's live counts, read into a {@link BridgeMetrics}. */
final class Counters {
  final AtomicInteger connected = new AtomicInteger();
  final LongAdder refused = new LongAdder();
  final LongAdder out = new LongAdder();
  final LongAdder in = new LongAdder();
  final LongAdder publishedIn = new LongAdder();
  final LongAdder rejectedIn = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder slowClosed = new LongAdder();
  final LongAdder buffered = new LongAdder();
  final LongAdder intakeOverflows = new LongAdder();

  BridgeMetrics snapshot() {
    return new BridgeMetrics(connected.get(), refused.sum(), out.sum(), in.sum(),
        publishedIn.sum(), rejectedIn.sum(), dropped.sum(), slowClosed.sum(), buffered.sum(),
        intakeOverflows.sum());
  }
}
