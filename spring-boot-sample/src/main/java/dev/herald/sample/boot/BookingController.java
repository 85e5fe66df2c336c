package dev.herald.sample.boot;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /rooms/{room}/booking?guest=...}: 201, or 409 if the room is booked already. */
@RestController
class BookingController {

  private final Bookings bookings;

  BookingController(Bookings bookings) {
    this.bookings = bookings;
  }

  @PostMapping("/rooms/{room}/booking")
  ResponseEntity<String> book(@PathVariable String room, @RequestParam String guest) {
    try {
      bookings.book(room, guest);
      return ResponseEntity.status(HttpStatus.CREATED).body("booked " + room);
    } catch (Bookings.RoomTakenException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(e.getMessage());
    }
  }
}
