package dev.herald.runtime.spi;

import dev.herald.runtime.wire.CloudEvents;
import java.util.Objects;

/**
 * The contracts a {@link ContractsAware} component decodes with: either fixed when it was created,
 * or the ones of the bus it is given to. Thread-safe; a component holds one and reads it per use.
 */
public final class BoundContracts {

  private final String owner;
  private final boolean fixed;
  private volatile CloudEvents wire;

  private BoundContracts(String owner, CloudEvents wire) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.fixed = wire != null;
    this.wire = wire;
  }

  /** Contracts chosen by the component's creator; a bus does not replace them. */
  public static BoundContracts fixed(String owner, CloudEvents wire) {
    return new BoundContracts(owner, Objects.requireNonNull(wire, "contracts"));
  }

  /** Contracts the component will receive from the bus it is given to. */
  public static BoundContracts fromBus(String owner) {
    return new BoundContracts(owner, null);
  }

  /** Takes the bus's contracts, unless they were fixed at creation. */
  public void bind(CloudEvents busContracts) {
    Objects.requireNonNull(busContracts, "busContracts");
    if (!fixed) {
      wire = busContracts;
    }
  }

  /**
   * The contracts to encode and decode with.
   *
   * @throws IllegalStateException if none were fixed and no bus was built with the component yet
   */
  public CloudEvents get() {
    CloudEvents current = wire;
    if (current == null) {
      throw new IllegalStateException(owner + " does not know any event contracts yet: pass it to"
          + " EventBus.builder() and build the bus before using it, or create it with a"
          + " CloudEvents (for example CloudEvents.of(bus.events())) to use it without a bus");
    }
    return current;
  }
}
