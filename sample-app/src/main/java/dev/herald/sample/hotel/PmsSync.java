package dev.herald.sample.hotel;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.Change;
import dev.herald.sample.events.ErrorDetail;
import dev.herald.sample.events.IntegrationError;
import dev.herald.sample.events.JobCompleted;
import dev.herald.sample.events.JobFailed;
import dev.herald.sample.events.JobScheduled;
import dev.herald.sample.events.JobStarted;
import dev.herald.sample.events.PmsReservationUpdated;
import dev.herald.sample.events.PmsSyncCompleted;
import dev.herald.sample.events.PmsSyncFailed;
import dev.herald.sample.events.SyncType;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.sample.simulation.Reservation;
import dev.herald.sample.simulation.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job that reads reservations from the property-management system: a full sync after midnight,
 * then incremental ones every three hours. The PMS is flaky, so an attempt fails now and then; the
 * job retries ten minutes later, three attempts in all. Until a full sync succeeds, every run is full.
 */
public final class PmsSync {

  static final String JOB_TYPE = "pms-sync";
  static final int MAX_ATTEMPTS = 3;
  static final Duration RETRY_AFTER = Duration.ofMinutes(10);

  private final EventBus bus;
  private final HotelPlan hotel;
  private final Scheduler scheduler;
  private final Dice dice;
  private final Map<String, String> rooms = new HashMap<>();
  private boolean fullSyncDone;
  private int runs;

  public PmsSync(EventBus bus, HotelPlan hotel, Scheduler scheduler, Dice dice) {
    this.bus = bus;
    this.hotel = hotel;
    this.scheduler = scheduler;
    this.dice = dice;
  }

  /** Plans the day's runs: 00:30, then every three hours until {@code end}. */
  public void schedule(Instant dayStart, Instant end) {
    for (Instant at = dayStart.plus(Duration.ofMinutes(30)); at.isBefore(end);
        at = at.plus(Duration.ofHours(3))) {
      String jobId = "job-" + hotel.code() + "-pms-" + (++runs);
      bus.publish(new JobScheduled(jobId, JOB_TYPE, at, Map.of("hotel", hotel.id())), inHotel());
      scheduler.at(at, "pms:" + jobId + ":1", () -> attempt(jobId, 1));
    }
  }

  private synchronized void attempt(String jobId, int attempt) {
    SyncType type = fullSyncDone ? SyncType.INCREMENTAL : SyncType.FULL;
    bus.publish(new JobStarted(jobId, JOB_TYPE, attempt), inHotel());
    if (dice.chance(0.3, "pms-fails:" + jobId + "#" + attempt)) {
      fail(jobId, attempt, type);
    } else {
      succeed(jobId, type);
    }
  }

  private void fail(String jobId, int attempt, SyncType type) {
    boolean retry = attempt < MAX_ATTEMPTS;
    Instant next = retry ? scheduler.now().plus(RETRY_AFTER) : null;
    ErrorDetail error = new ErrorDetail("PMS_TIMEOUT", "the PMS did not answer within 30 s");
    bus.publish(new PmsSyncFailed(type, error, retry, next), inHotel());
    bus.publish(new JobFailed(jobId, JOB_TYPE, attempt, MAX_ATTEMPTS, error, retry, next),
        inHotel());
    bus.publish(new IntegrationError("pms", type.name().toLowerCase(java.util.Locale.ROOT) + "-sync",
        error, Map.of("jobId", jobId, "attempt", String.valueOf(attempt))), inHotel());
    if (retry) {
      scheduler.at(next, "pms:" + jobId + ":" + (attempt + 1), () -> attempt(jobId, attempt + 1));
    }
  }

  private void succeed(String jobId, SyncType type) {
    List<PmsReservationUpdated> updates = new ArrayList<>();
    for (Reservation reservation : hotel.reservations()) {
      String room = rooms.get(reservation.reservationId());
      if (type == SyncType.FULL) {
        updates.add(new PmsReservationUpdated(reservation.reservationId(), reservation.externalId(),
            reservation.guestId(), List.of(
                new Change("arrival", null, reservation.arrival().toString()),
                new Change("departure", null, reservation.departure().toString()),
                new Change("room", null, room == null ? reservation.room() : room),
                new Change("preferredChannel", null, reservation.preferredChannel().name()))));
        rooms.putIfAbsent(reservation.reservationId(), reservation.room());
      } else if (dice.chance(0.04, "room-move:" + jobId + ":" + reservation.reservationId())) {
        String moved = String.valueOf(Integer.parseInt(room) + 100);
        rooms.put(reservation.reservationId(), moved);
        updates.add(new PmsReservationUpdated(reservation.reservationId(), reservation.externalId(),
            reservation.guestId(), List.of(new Change("room", room, moved))));
      }
    }
    for (PmsReservationUpdated update : updates) {
      bus.publish(update, inHotel());
    }
    fullSyncDone = true;
    long took = 800 + dice.below(4000, "pms-duration:" + jobId);
    bus.publish(new PmsSyncCompleted(type, updates.size(), updates.size(), took), inHotel());
    bus.publish(new JobCompleted(jobId, JOB_TYPE, took, updates.size() + " reservations"),
        inHotel());
  }

  private Metadata inHotel() {
    return FollowUp.hotel(hotel.id());
  }
}
