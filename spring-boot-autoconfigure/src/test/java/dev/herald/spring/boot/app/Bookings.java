package dev.herald.spring.boot.app;

import dev.herald.spring.boot.fixtures.RoomBooked;
import dev.herald.spring.boot.transaction.TransactionalEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Books rooms in the database and tells the bus once the booking committed. */
@Service
public class Bookings {

  private final JdbcTemplate jdbc;
  private final TransactionalEventPublisher events;

  Bookings(JdbcTemplate jdbc, TransactionalEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** Books {@code room}; with {@code failAfterwards}, the transaction then rolls back. */
  @Transactional
  public void book(String room, boolean failAfterwards) {
    jdbc.update("INSERT INTO bookings (room) VALUES (?)", room);
    events.publishAfterCommit(new RoomBooked(room));
    if (failAfterwards) {
      throw new IllegalStateException("payment declined for room " + room);
    }
  }

  /** Whether {@code room} is booked. */
  public boolean isBooked(String room) {
    Integer rows = jdbc.queryForObject("SELECT count(*) FROM bookings WHERE room = ?",
        Integer.class, room);
    return rows != null && rows == 1;
  }
}
