package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.Change;
import dev.herald.sample.events.GuestCreated;
import dev.herald.sample.events.GuestIdentified;
import dev.herald.sample.events.GuestMerged;
import dev.herald.sample.events.GuestUpdated;
import dev.herald.sample.events.PmsReservationUpdated;
import dev.herald.sample.simulation.GuestPlan;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.Reservation;
import dev.herald.sample.simulation.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches people who write to their reservations (by phone number or e-mail address, as the
 * property-management system has them on file), merges two profiles of one guest, and keeps
 * profiles up to date with room changes from the PMS.
 */
public final class GuestDirectory {

  private final EventBus bus;
  private final Scheduler scheduler;
  private final Map<String, Reservation> byIdentifier = new HashMap<>();
  private final Map<String, String> identifiedAs = new HashMap<>();

  public GuestDirectory(EventBus bus, HotelPlan hotel, Scheduler scheduler) {
    this.bus = bus;
    this.scheduler = scheduler;
    for (GuestPlan guest : hotel.guests()) {
      byIdentifier.put(guest.identifier(), guest.reservation());
      byIdentifier.put(guest.secondIdentity().identifier(), guest.reservation());
    }
  }

  @Subscribe
  synchronized void created(GuestCreated guest) {
    Reservation reservation = byIdentifier.get(guest.identifier());
    if (reservation == null) {
      return; // a stranger: stays a profile without a reservation
    }
    String primary = identifiedAs.putIfAbsent(reservation.reservationId(), guest.guestId());
    bus.publish(new GuestIdentified(guest.guestId(), reservation.reservationId(),
        reservation.guestName(), reservation.room(), reservation.loyaltyTier(),
        reservation.arrival().isAfter(scheduler.now())));
    if (primary != null) {
      bus.publish(new GuestMerged(primary, List.of(guest.guestId()), "system",
          "same reservation " + reservation.reservationId() + ", second channel"));
    }
  }

  /** A room change in the PMS updates the guest's profile, if they have written to us. */
  @Subscribe
  synchronized void reservationChanged(PmsReservationUpdated update) {
    String guestId = identifiedAs.get(update.reservationId());
    List<Change> roomChanges = update.changes().stream()
        .filter(c -> c.field().equals("room") && c.oldValue() != null)
        .toList();
    if (guestId != null && !roomChanges.isEmpty()) {
      bus.publish(new GuestUpdated(guestId, roomChanges, GuestUpdated.UpdatedBy.PMS_SYNC));
    }
  }
}
