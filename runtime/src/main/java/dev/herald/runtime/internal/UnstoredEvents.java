package dev.herald.runtime.internal;

import dev.herald.runtime.EventKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per event type when an event marked persist is published on a bus without an event
 * store: it is delivered, but not stored. Warning at the first publish rather than at start names
 * only the events this process publishes, not every persist event its contracts know.
 */
final class UnstoredEvents {

  private static final Logger log = LoggerFactory.getLogger(UnstoredEvents.class);

  private final String source;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private UnstoredEvents(String source) {
    this.source = source;
  }

  /** A warner for a bus without an event store, or null if none of its events is marked persist. */
  static UnstoredEvents of(String source, ContractIndex index) {
    boolean anyPersistent = index.keys().stream().anyMatch(k -> k.descriptor().persist());
    return anyPersistent ? new UnstoredEvents(source) : null;
  }

  /** Called for every publish: warns the first time an event of a persist type goes unstored. */
  void published(EventKey<?> key) {
    if (key.descriptor().persist() && warned.add(key.name())) {
      log.warn("EventBus '{}' published {}, an event marked persist, without an event store: it"
          + " is delivered but not stored. Add one with EventBus.builder().eventStore(...)",
          source, key.name());
    }
  }
}
