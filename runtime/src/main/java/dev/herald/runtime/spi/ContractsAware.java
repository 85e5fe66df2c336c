package dev.herald.runtime.spi;

import dev.herald.runtime.wire.CloudEvents;

/**
 * A store or transport that reads envelopes with the contracts of the bus it serves, so that a bus
 * and its stores never disagree about which events exist. {@code EventBus.Builder.build()} calls
 * {@link #bindContracts} on its dead-letter store, event store and transport before the bus uses
 * them; a component that was given its contracts explicitly keeps those.
 */
public interface ContractsAware {

  /** Hands over the wire format of the bus this component was given to; called once per bus. */
  void bindContracts(CloudEvents busContracts);
}
