package dev.herald.bench.payload;

import java.time.Instant;

/** The sample payloads, the same for every contender. */
public final class Samples {

  private Samples() {}

  /** A payload; {@code key} varies the ordering key (the order id). */
  public static OrderPlaced order(int key) {
    return new OrderPlaced(
        "ord_01HZX3V8Q4M2N7P5R6S9T0W" + (100 + key),
        "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e",
        "c0ffee00-1234-4abc-9def-0123456789ab",
        Instant.parse("2024-05-01T12:30:45.123456Z"),
        "Margaret Okonkwo-Lindqvist",
        "margaret.okonkwo-lindqvist@example.com",
        "Flat 4B, 221 Harbour View Road, Docklands, Melbourne VIC 3008, Australia",
        "AUD",
        1_249_990L,
        "Please leave the parcel with the concierge at the front desk if nobody answers the door;"
            + " fragile items inside, keep upright. Gift wrap the blue box.");
  }
}
