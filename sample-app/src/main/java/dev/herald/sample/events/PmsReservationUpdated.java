package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/**
 * The property-management system reported a new or changed reservation.
 *
 * @param externalId the reservation's id in the property-management system
 */
@Event("pms:reservation:updated")
public record PmsReservationUpdated(
    String reservationId, String externalId, String guestId, List<Change> changes) {}
