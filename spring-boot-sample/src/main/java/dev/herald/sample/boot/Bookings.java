package dev.herald.sample.boot;

import dev.herald.spring.boot.transaction.TransactionalEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Books rooms; housekeeping hears of a booking only once it committed. */
@Service
public class Bookings {

  private final JdbcClient jdbc;
  private final TransactionalEventPublisher events;

  Bookings(JdbcClient jdbc, TransactionalEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /**
   * Books {@code room} for {@code guest}; housekeeping hears of it after the commit.
   *
   * @throws RoomTakenException if the room is booked already (nothing is published)
   */
  @Transactional
  public void book(String room, String guest) {
    events.publishAfterCommit(new RoomBooked(room, guest));   // dropped if we roll back below
    int booked = jdbc.sql("INSERT INTO bookings (room, guest) VALUES (?, ?)"
        + " ON CONFLICT (room) DO NOTHING").params(room, guest).update();
    if (booked == 0) {
      throw new RoomTakenException(room);
    }
  }

  /** The room is booked already; the transaction rolls back. */
  public static final class RoomTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RoomTakenException(String room) {
      super("Room " + room + " is booked already");
    }
  }
}
