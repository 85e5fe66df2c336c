package dev.herald.sample.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one instance saw of the audit trail that travelled over Redis or Kafka: different on every
 * run, since the group hands each entry to whichever instance reads first.
 *
 * @param transport "Redis" or "Kafka"
 * @param redis where Redis (or Kafka) is (host and port, never credentials)
 * @param instance this instance's consumer name
 * @param ownHotels the hotels this instance runs
 * @param published audit entries this instance's hotels wrote, each sent to Redis
 * @param delivered audit entries Redis delivered to this instance's head office, repeats included
 * @param repeats deliveries of an entry this instance had archived already (at least once)
 * @param archivedByHotel distinct entries archived here, per hotel (of any instance)
 * @param redisDeadLetters entries in the group's dead-letter stream (or topics) at the end
 * @param waited how long this instance waited at the end for the group to archive its entries
 */
public record RedisDay(String transport, String redis, String instance, String group, String stream,
    List<String> ownHotels, long published, long delivered, long repeats,
    Map<String, Long> archivedByHotel, long redisDeadLetters, Duration waited) {

  /** Distinct entries of this instance's own hotels archived here. */
  public long archivedOwn() {
    return archivedByHotel.entrySet().stream().filter(e -> ownHotels.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Distinct entries of other instances' hotels archived here. */
  public long archivedOthers() {
    return archivedByHotel.entrySet().stream().filter(e -> !ownHotels.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
  }
}
