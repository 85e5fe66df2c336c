package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.sample.events.AuditLog;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hotel chain's head office: its compliance archive receives the audit trail of every hotel,
 * whichever instance of Jack the Butler runs that hotel. Registered once, for all tenants.
 *
 * <p>With {@code --redis} the audit entries travel over Redis Streams and every instance is a
 * consumer of one group, so the instances share the head office's work: each entry reaches one of
 * them. Delivery is at least once, so an entry Redis delivers again (its first consumer crashed or
 * failed) is archived again; the archive keeps the ids it saw and counts the repeats it can see,
 * those that came back to this instance.
 */
public final class HeadOffice {

  private final Map<String, String> archived = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byHotel = new ConcurrentHashMap<>();
  private final LongAdder entries = new LongAdder();
  private final LongAdder repeats = new LongAdder();

  @Subscribe
  void archive(Envelope<AuditLog> entry) {
    entries.increment();
    String hotel = entry.tenantId() != null ? entry.tenantId() : "(no hotel)";
    if (archived.putIfAbsent(entry.id(), hotel) != null) {
      repeats.increment();
      return;
    }
    byHotel.computeIfAbsent(hotel, h -> new LongAdder()).increment();
  }

  /** Audit entries delivered here, repeats included. */
  public long entries() {
    return entries.sum();
  }

  /** Deliveries of an entry this archive already had. */
  public long repeats() {
    return repeats.sum();
  }

  /** The distinct entries archived here: each one's event id, and its hotel. */
  public Map<String, String> archived() {
    return Map.copyOf(archived);
  }

  /** Distinct entries archived here, per hotel, by hotel. */
  public Map<String, Long> byHotel() {
    Map<String, Long> counts = new TreeMap<>();
    byHotel.forEach((hotel, adder) -> counts.put(hotel, adder.sum()));
    return counts;
  }
}
