package dev.herald.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of the outbox, as operators see it: the event's id and type, where it stands, how often
 * the relay tried it and why the last attempt failed.
 *
 * @param sequence the row's position in the outbox (publish order within one database)
 * @param eventId the event's id, as listeners see it
 * @param eventType the event's name
 * @param orderingKey the key whose entries are relayed in order, or {@code null}
 * @param state where the entry stands
 * @param attempts how many times the relay started to deliver it
 * @param lastError the last attempt's error ({@code Type: message}), or {@code null}
 * @param created when it was published
 * @param nextAttempt when the relay may try it next (for a {@code PENDING} entry)
 * @param completed when it was delivered, or {@code null}
 */
public record OutboxEntry(long sequence, String eventId, String eventType, String orderingKey,
    State state, int attempts, String lastError, Instant created, Instant nextAttempt,
    Instant completed) {

  /** Where an entry stands. */
  public enum State {
    /** Committed, not yet delivered: waiting for the relay, or for its next attempt. */
    PENDING,
    /** Delivered (kept by {@link OutboxCompletion#MARK}). */
    COMPLETED,
    /** Every attempt failed; dead-lettered, and relayed again only when resubmitted. */
    FAILED
  }

  /** How long the entry has been in the outbox at {@code now}. */
  public Duration age(Instant now) {
    return Duration.between(created, now);
  }
}
