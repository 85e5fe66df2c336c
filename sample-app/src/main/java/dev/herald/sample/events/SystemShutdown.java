package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** The concierge system is stopping. */
@Event("system:shutdown")
public record SystemShutdown(Reason reason, boolean graceful) {

  /** What asked the system to stop. */
  public enum Reason {
    MANUAL,
    SIGNAL,
    ERROR
  }
}
