package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.events.DeliveryDeadLettered;
import dev.herald.runtime.observability.Health;
import dev.herald.sample.events.ChannelConnected;
import dev.herald.sample.events.ChannelDisconnected;
import dev.herald.sample.events.PmsSyncCompleted;
import dev.herald.sample.events.PmsSyncFailed;
import dev.herald.sample.events.SystemError;
import dev.herald.sample.events.SystemHealthCheck.Component;
import dev.herald.sample.events.SystemHealthCheck.ComponentStatus;
import dev.herald.sample.events.SystemHealthCheck;
import dev.herald.sample.simulation.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the system's health every hour (the channels, the PMS of each hotel, the bus) and turns
 * every dead letter into a {@code system:error} for the operator.
 */
public final class HealthMonitor {

  private final EventBus bus;
  private final Scheduler scheduler;
  private final Set<String> channelsDown = ConcurrentHashMap.newKeySet();
  private final Set<String> pmsFailing = ConcurrentHashMap.newKeySet();

  public HealthMonitor(EventBus bus, Scheduler scheduler) {
    this.bus = bus;
    this.scheduler = scheduler;
  }

  /** Plans a check at the top of every hour until {@code end}. */
  public void schedule(Instant dayStart, Instant end) {
    for (Instant at = dayStart.plus(Duration.ofHours(1)); at.isBefore(end);
        at = at.plus(Duration.ofHours(1))) {
      scheduler.at(at, "health", this::check);
    }
  }

  @Subscribe
  void down(ChannelDisconnected channel) {
    channelsDown.add(channel.channel().name());
  }

  @Subscribe
  void up(ChannelConnected channel) {
    channelsDown.remove(channel.channel().name());
  }

  /** Registered for every hotel: the PMS of each is watched separately. */
  @Subscribe
  void pmsFailed(Envelope<PmsSyncFailed> failed) {
    pmsFailing.add(String.valueOf(failed.tenantId()));
  }

  @Subscribe
  void pmsOk(Envelope<PmsSyncCompleted> completed) {
    pmsFailing.remove(String.valueOf(completed.tenantId()));
  }

  /** The bus's own event: a delivery was given up. An operator should hear of it. */
  @Subscribe
  void deadLettered(DeliveryDeadLettered letter) {
    bus.publish(new SystemError(new SystemError.Error("DeadLetter",
        letter.eventType() + " could not be delivered to " + letter.subscriber() + " after "
            + letter.attempts() + " attempts", null),
        Map.of("deadLetterId", letter.deadLetterId(), "eventId", letter.eventId()),
        SystemError.Severity.ERROR));
  }

  private static String reasons(Health health) {
    StringBuilder text = new StringBuilder();
    health.components().forEach((name, component) -> {
      if (component.status() != Health.Status.UP) {
        text.append(text.length() == 0 ? "" : "; ").append(name).append(": ")
            .append(component.reason());
      }
    });
    return text.toString();
  }

  private void check() {
    Map<String, Component> components = new TreeMap<>();
    Health busHealth = bus.health(); // the bus's own view: queue, stores, dead letters
    components.put("bus", new Component(switch (busHealth.status()) {
      case UP -> ComponentStatus.UP;
      case DEGRADED -> ComponentStatus.DEGRADED;
      case DOWN -> ComponentStatus.DOWN;
    }, null, busHealth.status() == Health.Status.UP ? null : reasons(busHealth)));
    components.put("channels", channelsDown.isEmpty()
        ? new Component(ComponentStatus.UP, 120L, null)
        : new Component(ComponentStatus.DEGRADED, null,
            "down: " + String.join(",", new TreeSet<>(channelsDown))));
    components.put("pms", pmsFailing.isEmpty()
        ? new Component(ComponentStatus.UP, 900L, null)
        : new Component(ComponentStatus.DEGRADED, null,
            "last sync failed: " + String.join(",", new TreeSet<>(pmsFailing))));
    boolean degraded = components.values().stream()
        .anyMatch(c -> c.status() != ComponentStatus.UP);
    bus.publish(new SystemHealthCheck(degraded ? SystemHealthCheck.Status.DEGRADED
        : SystemHealthCheck.Status.HEALTHY, components));
  }
}
