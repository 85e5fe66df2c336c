package dev.herald.sample.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The hotel's time: it stands still while the consequences of one moment play out on the bus, and
 * moves only when the {@link DayScheduler} moves it. The bus stamps envelopes with it, so the event
 * store and dead letters show simulated times.
 */
public final class SimulatedClock extends Clock {

  private volatile Instant now;

  public SimulatedClock(Instant start) {
    this.now = start;
  }

  /** Moves time forward; never backward. */
  void advanceTo(Instant instant) {
    if (instant.isAfter(now)) {
      now = instant;
    }
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Nobody in the sample asks for another zone; a frozen view is the honest answer if one does.
    return zone.equals(ZoneOffset.UTC) ? this : Clock.fixed(now, zone);
  }
}
