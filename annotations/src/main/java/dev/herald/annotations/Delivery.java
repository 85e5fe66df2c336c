package dev.herald.annotations;

/** How the bus hands an event to a listener. */
public enum Delivery {
  /**
   * On the publisher's thread, before {@code publish} returns, by priority then registration order.
   * Each listener sees events in publish order, also those published from inside listeners.
   */
  SYNC,
  /** On the bus's executor; the publisher does not wait. No order between events is promised. */
  ASYNC,
  /**
   * On the bus's executor, first-in first-out per ordering key (the {@link OrderingKey} component,
   * else the event type) and in parallel across keys.
   */
  ORDERED
}
