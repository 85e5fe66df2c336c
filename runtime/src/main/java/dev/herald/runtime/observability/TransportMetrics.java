package dev.herald.runtime.observability;

/**
 * What a bus's transport counted since it started, for {@code bus.metrics().transport()} and the
 * Micrometer binder. A redelivery is a received entry handed to the bus again: after a failed
 * delivery, or after it was taken over from another consumer of the group (a crashed one, usually),
 * which {@code claimed} counts on its own. A quiet {@code claimed} is the normal state; a rising one
 * means consumers die or deliveries outlive the transport's claim threshold.
 *
 * @param transport the transport's name, e.g. {@code redis}; {@code none} without a transport
 * @param received entries received and handed to the bus the first time
 * @param redelivered entries handed to the bus again
 * @param claimed entries taken over from another consumer of the group
 * @param deadLettered entries the transport dead-lettered (failed too often, or unreadable)
 */
public record TransportMetrics(String transport, long received, long redelivered, long claimed,
    long deadLettered) {

  /** The figures of a bus without a transport, or of a transport that counts nothing. */
  public static final TransportMetrics NONE = new TransportMetrics("none", 0, 0, 0, 0);
}
