package dev.herald.runtime.observability;

import java.util.Map;
import java.util.Objects;

/**
 * Whether a bus can do its job, with a reason per component: {@code bus} (open or closed),
 * {@code queue} (asynchronous deliveries near the bound), {@code deadLetters} (growing),
 * {@code eventStore} and {@code deadLetterStore} (writes failing), {@code transport} (reachable).
 * Cheap: it reads counters and flags the bus keeps anyway, so a probe may call it often.
 *
 * @param status the worst of the components' statuses
 * @param components each component's status and reason, by name
 */
public record Health(Status status, Map<String, Component> components) {

  public enum Status {
    /** Working. */
    UP,
    /** Working, but someone should look: a queue near its bound, dead letters piling up. */
    DEGRADED,
    /** Not working: closed, or a store or transport unreachable. */
    DOWN;

    /** The worse of this and {@code other}. */
    public Status and(Status other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  public Health {
    Objects.requireNonNull(status, "status");
    components = Map.copyOf(components);
  }

  /** One component's status, with a reason a person can act on. */
  public record Component(Status status, String reason) {

    public Component {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }

    public static Component up(String reason) {
      return new Component(Status.UP, reason);
    }

    public static Component degraded(String reason) {
      return new Component(Status.DEGRADED, reason);
    }

    public static Component down(String reason) {
      return new Component(Status.DOWN, reason);
    }
  }
}
