package dev.herald.test;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.deadletter.DeadLetter;
import java.time.Duration;
import java.util.List;

/** Writes the human-readable parts of the test kit's failure messages. */
final class Report {

  /** Listings longer than this show their first entries and say how many more there were. */
  static final int MAX_LISTED = 50;

  private Report() {}

  /** An event's name as messages show it: {@code task:created}, or {@code task:created v2}. */
  static String name(EventKey<?> key) {
    return key.version() == 1 ? key.name() : key.name() + " v" + key.version();
  }

  /** "3 events", "1 event", "no events". */
  static String events(int count) {
    return count == 0 ? "no events" : count == 1 ? "1 event" : count + " events";
  }

  /** "2 times", "1 time", "0 times". */
  static String times(int count) {
    return count == 1 ? "1 time" : count + " times";
  }

  /** "250 ms", "5 s", "1.5 s". */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
  }

  /**
   * A numbered list of envelopes, one a line, each line starting with a newline: the event's name,
   * its payload (unless its contract says {@code logPayload = false}), and its correlation id and
   * tenant when they tell something.
   */
  static String list(List<? extends Envelope<?>> envelopes) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(envelopes.size(), MAX_LISTED);
    for (int i = 0; i < shown; i++) {
      text.append("\n  ").append(i + 1).append(". ").append(line(envelopes.get(i)));
    }
    if (envelopes.size() > shown) {
      text.append("\n  ... and ").append(envelopes.size() - shown).append(" more");
    }
    return text.toString();
  }

  /** "3 events were published:" and their list, or "nothing was published". */
  static String published(List<? extends Envelope<?>> envelopes) {
    if (envelopes.isEmpty()) {
      return "nothing was published.";
    }
    return (envelopes.size() == 1 ? "1 event was" : envelopes.size() + " events were")
        + " published:" + list(envelopes);
  }

  static String line(Envelope<?> envelope) {
    StringBuilder line = new StringBuilder(name(envelope.key())).append(' ');
    if (envelope.key().descriptor().logPayload()) {
      line.append(envelope.payload());
    } else {
      line.append("(payload hidden: logPayload = false)");
    }
    if (envelope.correlationId() != null && !envelope.correlationId().equals(envelope.id())) {
      line.append(" correlation ").append(envelope.correlationId());
    }
    if (envelope.tenantId() != null) {
      line.append(" tenant ").append(envelope.tenantId());
    }
    return line.toString();
  }

  /** A numbered list of dead letters: event, subscriber, reason, attempts and the last error. */
  static String letters(List<DeadLetter> letters) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(letters.size(), MAX_LISTED);
    for (int i = 0; i < shown; i++) {
      DeadLetter letter = letters.get(i);
      text.append("\n  ").append(i + 1).append(". ").append(name(letter.envelope().key()))
          .append(" for ").append(letter.subscriber()).append(": ").append(letter.reason())
          .append(" after ")
          .append(letter.attempts() == 1 ? "1 attempt" : letter.attempts() + " attempts");
      if (letter.errorType() != null) {
        text.append(", ").append(letter.errorType());
        if (letter.errorMessage() != null) {
          text.append(": ").append(letter.errorMessage());
        }
      }
    }
    if (letters.size() > shown) {
      text.append("\n  ... and ").append(letters.size() - shown).append(" more");
    }
    return text.toString();
  }
}
