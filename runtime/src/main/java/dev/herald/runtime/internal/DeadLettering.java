package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.IdGenerator;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the deliveries that cannot succeed to the dead-letter store, counts them, tells the health
 * check, and announces each stored letter. If the store fails, the log line is the letter's last
 * record.
 */
final class DeadLettering {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private static final int MAX_STACK_TRACE = 8 * 1024;

  private final DeadLetterStore store;
  private final IdGenerator letterIds;
  private final Clock clock;
  private final MetricsRecorder metrics;
  private final HealthCheck health;
  private final Announcements announcements;

  DeadLettering(DeadLetterStore store, IdGenerator letterIds, Clock clock, MetricsRecorder metrics,
      HealthCheck health, Announcements announcements) {
    this.store = store;
    this.letterIds = letterIds;
    this.clock = clock;
    this.metrics = metrics;
    this.health = health;
    this.announcements = announcements;
  }

  DeadLetterStore store() {
    return store;
  }

  /** A delivery that never ran (nobody heard a critical event, a full queue): failed now. */
  void deadLetter(Envelope<?> envelope, String subscriber, DeadLetter.Reason reason) {
    Instant now = clock.instant();
    deadLetter(envelope, subscriber, reason, null, 0, now, now);
  }

  /**
   * A delivery that failed for good. Null failure times mean now (a delivery dead-lettered before
   * any attempt failed).
   */
  void deadLetter(Envelope<?> envelope, String subscriber, DeadLetter.Reason reason,
      Throwable error, int attempts, Instant firstFailure, Instant lastFailure) {
    Instant now = firstFailure == null || lastFailure == null ? clock.instant() : null;
    DeadLetter letter = new DeadLetter(letterIds.newId(), envelope, subscriber, reason,
        error == null ? null : error.getClass().getName(),
        error == null ? null : error.getMessage(),
        error == null ? null : stackTrace(error), attempts,
        firstFailure != null ? firstFailure : now, lastFailure != null ? lastFailure : now);
    Series series = metrics.seriesOf(envelope);
    if (series != null) {
      series.deadLettered.increment();
    }
    health.deadLettered();
    try {
      store.add(letter);
      health.deadLetterStore().succeeded();
    } catch (RuntimeException storeFailure) {
      health.deadLetterStore().failed(storeFailure);
      // The last line of defence. The payload is logged as everywhere else (redacted, or withheld
      // for logPayload = false), so the line keeps all of the event that a log may hold.
      log.error("Could not store dead letter {} for {} {} ({}); the delivery is recorded only in"
              + " this line: {} payload {}", letter.id(), envelope.type(), envelope.id(),
          subscriber, envelope, PayloadRenderer.render(envelope), storeFailure);
      return;
    }
    announcements.deadLettered(letter);
  }

  /** A replayed letter failed again with {@code error}: it stays, with one attempt more. */
  void failedAgain(DeadLetter letter, Throwable error) {
    store.delete(letter.id());
    store.add(new DeadLetter(letter.id(), letter.envelope(), letter.subscriber(), letter.reason(),
        error.getClass().getName(), error.getMessage(), stackTrace(error), letter.attempts() + 1,
        letter.firstFailure(), clock.instant()));
  }

  /** {@code error}'s stack trace, cut at 8 KiB. */
  static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    return trace.length() <= MAX_STACK_TRACE
        ? trace
        : trace.substring(0, MAX_STACK_TRACE) + "\n\t... (truncated)";
  }
}
