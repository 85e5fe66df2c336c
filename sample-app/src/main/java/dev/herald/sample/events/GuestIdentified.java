package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;

/**
 * A guest was matched to a reservation in the property-management system.
 *
 * @param previouslyUnknown whether the guest had written before under no reservation
 */
@Event("guest:identified")
public record GuestIdentified(
    String guestId,
    String reservationId,
    @Sensitive String guestName,
    @Sensitive @Nullable String roomNumber,
    @Nullable String loyaltyTier,
    boolean previouslyUnknown) {}
