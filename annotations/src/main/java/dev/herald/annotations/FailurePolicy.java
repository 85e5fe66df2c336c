package dev.herald.annotations;

/**
 * What becomes of a delivery whose listener throws (or whose stage fails). Every policy records the
 * failure: it is logged, counted in the bus's metrics as failed, and announced as a
 * {@code DeliveryFailed} event. They differ in what happens next.
 */
public enum FailurePolicy {
  /**
   * Retry as the subscription's retry options say, then put the delivery in the dead-letter store,
   * from where it can be listed and replayed. The default.
   */
  DEAD_LETTER,
  /**
   * For {@link Delivery#SYNC} listeners that return {@code void}: {@code publish} throws the
   * listener's own exception, as it was thrown (a checked one too), once every SYNC listener of the
   * event has run; failures of the event's other SYNC listeners are attached to it as suppressed.
   * The delivery is neither retried nor dead-lettered: the publisher has the failure. Meant for a
   * listener whose failure must roll back the publisher's transaction.
   */
  PROPAGATE,
  /**
   * Retry as the subscription's retry options say, then log the failure at ERROR and drop the
   * delivery instead of dead-lettering it (it is still counted as failed and announced as a
   * {@code DeliveryFailed} event, whose {@code retrying} is false). For listeners whose work is
   * worthless when late: a cache refresh, a live view.
   */
  LOG
}
