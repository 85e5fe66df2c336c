package dev.herald.sample.simulation;

import java.util.List;

/**
 * One hotel's day, fixed in advance by the seed: its staff, its reservations and its guests' plans.
 *
 * @param id the tenant id, e.g. {@code grand-budapest}
 * @param code a short prefix for the hotel's ids, e.g. {@code gb}
 */
public record HotelPlan(
    String id, String code, String name, List<StaffMember> staff, List<Reservation> reservations,
    List<GuestPlan> guests) {}
