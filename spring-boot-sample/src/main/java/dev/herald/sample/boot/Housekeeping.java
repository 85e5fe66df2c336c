package dev.herald.sample.boot;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A listener bean: Herald registers it when the application starts, because its class has
 * {@code @Subscribe} methods. Rooms are prepared one booking at a time per room, rooms in parallel.
 */
@Component
public class Housekeeping {

  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final List<String> prepared = new CopyOnWriteArrayList<>();

  @Subscribe(delivery = Delivery.ORDERED, maxAttempts = 5)
  void prepare(RoomBooked booked) {
    log.info("Preparing room {} for {}", booked.room(), booked.guest());
    prepared.add(booked.room());
  }

  /** The rooms prepared so far. */
  public List<String> prepared() {
    return prepared;
  }
}
