package dev.herald.runtime.internal;


import dev.herald.annotations.EventNames;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs each published event on a logger of its own, {@code herald.events.<name with dots>}, at the
 * level chosen for its name (DEBUG unless configured), so a logging back-end can also filter per type.
 * Payloads are rendered redacted, or withheld for {@code logPayload = false} events.
 */
final class EventLog {

  /** A level for the names matching a pattern; the first match wins. */
  record Rule(String pattern, Level level) {}

  /** Where and at which level one event type is logged. */
  record Target(Logger logger, Level level) {}

  private final List<Rule> rules;
  private final Map<EventKey<?>, Target> targets = new ConcurrentHashMap<>();

  EventLog(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  void published(Envelope<?> envelope) {
    Target target = targets.get(envelope.key());
    if (target == null) {
      target = targets.computeIfAbsent(envelope.key(), this::targetOf);
    }
    log(target, envelope);
  }

  /** As {@link #published(Envelope)}, with the target cached in the slot of the event's route. */
  void published(Envelope<?> envelope, Routes.KeySlot slot) {
    Target target = slot.log;
    if (target == null) {
      target = targets.computeIfAbsent(envelope.key(), this::targetOf);
      slot.log = target;
    }
    log(target, envelope);
  }

  private static void log(Target target, Envelope<?> envelope) {
    if (target.logger.isEnabledForLevel(target.level)) {
      target.logger.atLevel(target.level)
          .log("{} {} v{} from {} correlation {} tenant {} payload {}", envelope.type(),
              envelope.id(), envelope.version(), envelope.source(), envelope.correlationId(),
              envelope.tenantId(), PayloadRenderer.render(envelope));
    }
  }

  private Target targetOf(EventKey<?> key) {
    Level level = Level.DEBUG;
    for (Rule rule : rules) {
      if (EventNames.matches(rule.pattern(), key.name())) {
        level = rule.level();
        break;
      }
    }
    return new Target(LoggerFactory.getLogger(loggerName(key.name())), level);
  }

  static String loggerName(String eventName) {
    return "herald.events." + eventName.replace(':', '.');
  }
}
