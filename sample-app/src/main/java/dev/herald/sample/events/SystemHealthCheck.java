package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.Map;

/**
 * The system checked its components.
 *
 * @param components each component's health, by name
 */
@Event("system:health:check")
public record SystemHealthCheck(Status status, Map<String, Component> components) {

  /** The health of the whole system. */
  public enum Status {
    HEALTHY,
    DEGRADED,
    UNHEALTHY
  }

  /**
   * One component's health.
   *
   * @param latency its last response time in milliseconds, if measured
   */
  public record Component(ComponentStatus status, @Nullable Long latency, @Nullable String error) {}

  /** Whether a component answers. */
  public enum ComponentStatus {
    UP,
    DOWN,
    DEGRADED
  }
}
