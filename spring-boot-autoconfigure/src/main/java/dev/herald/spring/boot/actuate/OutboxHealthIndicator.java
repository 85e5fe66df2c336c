package dev.herald.spring.boot.actuate;

import dev.herald.jdbc.Outbox;
import dev.herald.jdbc.OutboxStats;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * herald-jdbc's {@link Outbox#health()} as Actuator health, contributed as {@code heraldOutbox}:
 * DEGRADED (status {@value HeraldHealthIndicator#DEGRADED_CODE}) when the oldest pending entry
 * waits longer than the threshold or entries failed, DOWN when the table cannot be read; with the
 * reason and the counts as details.
 */
public final class OutboxHealthIndicator implements HealthIndicator {

  private final Outbox outbox;

  /** Reports {@code outbox}'s health. */
  public OutboxHealthIndicator(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public Health health() {
    dev.herald.runtime.observability.Health.Component component = outbox.health();
    Health.Builder builder = Health.status(HeraldHealthIndicator.statusOf(component.status()))
        .withDetail("reason", component.reason());
    if (component.status() != dev.herald.runtime.observability.Health.Status.DOWN) {
      OutboxStats stats = outbox.stats();
      builder.withDetail("pending", stats.pending()).withDetail("failed", stats.failed())
          .withDetail("completed", stats.completed())
          .withDetail("oldestPending", stats.oldestPending().toString());
    }
    return builder.build();
  }
}
