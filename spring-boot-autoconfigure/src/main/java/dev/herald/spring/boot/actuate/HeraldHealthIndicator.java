package dev.herald.spring.boot.actuate;

import dev.herald.runtime.EventBus;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The bus's {@link EventBus#health()} as Actuator health, contributed as {@code herald}: UP and
 * DOWN as they are, DEGRADED as the status {@value #DEGRADED_CODE} (a queue near its bound, dead
 * letters piling up), with each component's status and reason as details. Boot's default status
 * order does not know {@code DEGRADED}, so it leaves the aggregate status as it is; add it to
 * {@code management.endpoint.health.status.order} (e.g. {@code DOWN, OUT_OF_SERVICE, DEGRADED, UP,
 * UNKNOWN}) to have it count.
 */
public final class HeraldHealthIndicator implements HealthIndicator {

  /** The status code of a DEGRADED bus. */
  public static final String DEGRADED_CODE = "DEGRADED";

  private static final Status DEGRADED =
      new Status(DEGRADED_CODE, "Working, but someone should look");

  private final EventBus bus;

  /** Reports {@code bus}'s health. */
  public HeraldHealthIndicator(EventBus bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  @Override
  public Health health() {
    dev.herald.runtime.observability.Health health = bus.health();
    Health.Builder builder = Health.status(statusOf(health.status()))
        .withDetail("source", bus.source());
    health.components().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(component -> builder.withDetail(component.getKey(), Map.of(
            "status", component.getValue().status().name(),
            "reason", component.getValue().reason())));
    return builder.build();
  }

  static Status statusOf(dev.herald.runtime.observability.Health.Status status) {
    return switch (status) {
      case UP -> Status.UP;
      case DEGRADED -> DEGRADED;
      case DOWN -> Status.DOWN;
    };
  }
}
