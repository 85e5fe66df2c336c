package dev.herald.kafka.it;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;

/** A room's bookings, numbered per room: ORDERED listeners must see each room's in order. */
@Event("room:booked")
public record Booking(@OrderingKey String room, int sequence) {}
