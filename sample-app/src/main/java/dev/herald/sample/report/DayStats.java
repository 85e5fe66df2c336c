package dev.herald.sample.report;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.events.DeliveryDeadLettered;
import dev.herald.runtime.events.DeliveryFailed;
import dev.herald.sample.events.ConversationEscalated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what happens on the bus from the side: an observer hears every event of every hotel without
 * counting as a listener (a critical event only it heard would still be dead-lettered), and one
 * tenant-scoped observer per hotel checks that no other hotel's event reaches it.
 */
public final class DayStats {

  /** One event of a correlation, enough to draw who caused what. */
  public record Link(String id, String type, String causationId, String tenant, Instant time) {}

  private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> byHotel = new ConcurrentHashMap<>();
  private final Map<String, Queue<Link>> correlations = new ConcurrentHashMap<>();
  private final Map<String, String> escalations = new ConcurrentSkipListMap<>();
  private final LongAdder total = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder tenantLeaks = new LongAdder();

  /** Starts observing {@code bus}, and guarding each hotel's view of it. */
  public void attach(EventBus bus, Collection<String> hotels) {
    bus.subscribe("#", this::count, SubscribeOptions.named("day-stats").observer());
    for (String hotel : hotels) {
      bus.subscribe("#", envelope -> {
        if (!hotel.equals(envelope.tenantId())) {
          tenantLeaks.increment();
        }
      }, SubscribeOptions.named("tenant-guard:" + hotel).tenant(hotel).observer());
    }
  }

  private void count(Envelope<?> envelope) {
    total.increment();
    byType.computeIfAbsent(envelope.type(), t -> new LongAdder()).increment();
    if (envelope.tenantId() != null) {
      byHotel.computeIfAbsent(envelope.tenantId(), h -> new ConcurrentHashMap<>())
          .computeIfAbsent(envelope.type(), t -> new LongAdder()).increment();
    }
    if (envelope.payload() instanceof DeliveryFailed failed && failed.willRetry()) {
      retries.increment();
    } else if (envelope.payload() instanceof DeliveryDeadLettered) {
      deadLettered.increment();
    }
    if (envelope.payload() instanceof ConversationEscalated escalation) {
      escalations.put(envelope.time() + " " + escalation.conversationId(),
          envelope.correlationId());
    }
    correlations.computeIfAbsent(envelope.correlationId(), c -> new ConcurrentLinkedQueue<>())
        .add(new Link(envelope.id(), envelope.type(), envelope.causationId(), envelope.tenantId(),
            envelope.time()));
  }

  public long total() {
    return total.sum();
  }

  public long count(String type) {
    LongAdder adder = byType.get(type);
    return adder == null ? 0 : adder.sum();
  }

  public long count(String hotel, String type) {
    Map<String, LongAdder> hotelCounts = byHotel.getOrDefault(hotel, Map.of());
    LongAdder adder = hotelCounts.get(type);
    return adder == null ? 0 : adder.sum();
  }

  /** Events of each hotel, all types together. */
  public long countForHotel(String hotel) {
    return byHotel.getOrDefault(hotel, Map.of()).values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Every event type seen, with its count, by name. */
  public Map<String, Long> byType() {
    Map<String, Long> counts = new TreeMap<>();
    byType.forEach((type, adder) -> counts.put(type, adder.sum()));
    return counts;
  }

  /** Failed attempts that the bus tried again. */
  public long retries() {
    return retries.sum();
  }

  /** Deliveries the bus gave up and kept as dead letters. */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /** Events a hotel's guard heard that belonged to another hotel, or to none: must stay 0. */
  public long tenantLeaks() {
    return tenantLeaks.sum();
  }

  /** The correlation of the day's first escalation (by time, then conversation), if any. */
  public Optional<String> firstEscalation() {
    return escalations.values().stream().findFirst();
  }

  /** The events of one correlation, in the order they were published. */
  public List<Link> correlation(String correlationId) {
    return new ArrayList<>(correlations.getOrDefault(correlationId, new ConcurrentLinkedQueue<>()));
  }
}
