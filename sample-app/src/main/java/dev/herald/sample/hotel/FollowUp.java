package dev.herald.sample.hotel;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.Metadata;

/**
 * Metadata for an event published later, from a scheduled job, about an earlier one. Inside a
 * listener the bus carries correlation and tenant over by itself; a job runs outside any listener, so
 * it says explicitly which flow the event continues.
 */
final class FollowUp {

  private FollowUp() {}

  static Metadata of(Envelope<?> cause) {
    Metadata.Builder metadata = Metadata.builder().causationId(cause.id());
    if (cause.correlationId() != null) {
      metadata.correlationId(cause.correlationId());
    }
    if (cause.tenantId() != null) {
      metadata.tenant(cause.tenantId());
    }
    return metadata.build();
  }

  /** For a hotel's own jobs that continue no earlier event. */
  static Metadata hotel(String hotel) {
    return Metadata.builder().tenant(hotel).build();
  }
}
