package dev.herald.runtime.observability;

import dev.herald.runtime.EventBus;
import java.util.List;
import java.util.Optional;

/**
 * The bus's most recent events, kept in a bounded ring when the bus was built with
 * {@code EventBus.builder().history(capacity)}; off (and empty) otherwise. Payloads are rendered for
 * people: {@code @Sensitive} components redacted, {@code logPayload = false} payloads withheld.
 */
public interface EventHistory {

  /** Whether the bus keeps a history at all. */
  boolean enabled();

  /** How many events it keeps; the oldest make room for new ones. */
  int capacity();

  /** The matching events, newest first. */
  List<HistoryEntry> query(HistoryQuery query);

  /** Where an event stands, if it is still in the history. */
  Optional<EventStatus> status(String eventId);
}
