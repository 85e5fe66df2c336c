package dev.herald.runtime.internal;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.observability.Health.Component;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Judges a bus's health from what it keeps anyway: its queue depth, recent dead letters and the last
 * store failures. Nothing here does I/O, except what a transport's own {@code health()} does.
 */
final class HealthCheck {

  /** The queue counts as nearly full from this fraction of its capacity on. */
  static final double QUEUE_WARNING = 0.8;

  private final String source;
  private final Clock clock;
  private final IntSupplier queueDepth;
  private final int queueCapacity;
  private final BooleanSupplier closed;
  private final Transport transport;
  private final int deadLetterAlarm;
  private final RecentCount deadLetters = new RecentCount();
  private final StoreState eventStore;
  private final StoreState deadLetterStore = new StoreState("dead-letter store");

  HealthCheck(String source, Clock clock, IntSupplier queueDepth, int queueCapacity,
      BooleanSupplier closed, Transport transport, boolean hasEventStore, int deadLetterAlarm) {
    this.source = source;
    this.clock = clock;
    this.queueDepth = queueDepth;
    this.queueCapacity = queueCapacity;
    this.closed = closed;
    this.transport = transport;
    this.deadLetterAlarm = deadLetterAlarm;
    this.eventStore = hasEventStore ? new StoreState("event store") : null;
  }

  void deadLettered() {
    deadLetters.add(clock.millis());
  }

  /** Reads the stores' {@code skippedRows()}: health is DEGRADED while either is above zero. */
  void countSkippedRows(EventStore events, DeadLetterStore letters) {
    if (eventStore != null && events != null) {
      eventStore.skippedRows = events::skippedRows;
    }
    deadLetterStore.skippedRows = letters::skippedRows;
  }

  StoreState eventStore() {
    return eventStore;
  }

  StoreState deadLetterStore() {
    return deadLetterStore;
  }

  Health health() {
    Map<String, Component> components = new LinkedHashMap<>();
    components.put("bus", closed.getAsBoolean()
        ? Component.down("EventBus '" + source + "' is closed")
        : Component.up("EventBus '" + source + "' is open"));
    components.put("queue", queue());
    components.put("deadLetters", deadLetterGrowth());
    components.put("deadLetterStore", deadLetterStore.component());
    if (eventStore != null) {
      components.put("eventStore", eventStore.component());
    }
    if (transport != null) {
      Component reported;
      try {
        reported = transport.health();
      } catch (RuntimeException e) {
        reported = Component.down("Transport health check failed: " + e);
      }
      components.put("transport", reported);
    }
    Health.Status worst = Health.Status.UP;
    for (Component component : components.values()) {
      worst = worst.and(component.status());
    }
    return new Health(worst, components);
  }

  private Component queue() {
    int depth = queueDepth.getAsInt();
    String figures = depth + " of " + queueCapacity + " asynchronous deliveries queued or running";
    if (depth >= queueCapacity * QUEUE_WARNING) {
      return Component.degraded(figures + ": near the bound, publishers will soon block or be"
          + " refused; add asyncThreads, speed up slow listeners or raise queueCapacity");
    }
    return Component.up(figures);
  }

  private Component deadLetterGrowth() {
    long recent = deadLetters.lastMinute(clock.millis());
    String figures = recent + " dead letter(s) in the last minute";
    if (deadLetterAlarm > 0 && recent >= deadLetterAlarm) {
      return Component.degraded(figures + " (alarm from " + deadLetterAlarm + "); see"
          + " bus.deadLetters().list(...) for their errors");
    }
    return Component.up(figures);
  }

  /** Whether a store's last write failed and why; whether it skipped rows it could not read. */
  static final class StoreState {
    private final String name;
    private volatile LongSupplier skippedRows = () -> 0;
    private volatile String failure;

    StoreState(String name) {
      this.name = name;
    }

    void succeeded() {
      if (failure != null) {
        failure = null;
      }
    }

    void failed(RuntimeException error) {
      failure = error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    Component component() {
      String last = failure;
      if (last != null) {
        return Component.down("The " + name + "'s last write failed (" + last + ")");
      }
      long skipped = skippedRows();
      if (skipped > 0) {
        return Component.degraded("The " + name + " skipped " + skipped + " stored row(s) it"
            + " could not decode since it was opened; its ERROR log lines ('Skipping ...') name"
            + " each row and how to find it");
      }
      return Component.up("The " + name + "'s last write succeeded");
    }

    private long skippedRows() {
      try {
        return skippedRows.getAsLong();
      } catch (RuntimeException e) {
        return 0; // a store's own failure shows in its writes; health stays cheap and safe
      }
    }
  }
}
