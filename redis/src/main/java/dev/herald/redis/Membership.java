package dev.herald.redis;

import io.lettuce.core.Consumer;
import java.util.List;

/**
 * Where a started transport consumes: its consumer group (one per service), its consumer name in
 * the group (one per process), and the streams it reads.
 */
record Membership(String group, String consumer, List<String> streams) {

  Membership {
    streams = List.copyOf(streams);
  }

  /** This process as Lettuce names a group's consumer. */
  Consumer<String> asConsumer() {
    return Consumer.from(group, consumer);
  }
}
