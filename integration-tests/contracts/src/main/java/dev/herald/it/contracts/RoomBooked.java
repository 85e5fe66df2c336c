package dev.herald.it.contracts;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A room was booked; ORDERED listeners see one room's bookings in order. */
@Event("room:booked")
public record RoomBooked(@OrderingKey String roomId, long sequence) {}
