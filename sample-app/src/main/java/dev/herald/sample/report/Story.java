package dev.herald.sample.report;

import java.util.Map;

/**
 * What happened during a simulated day, in numbers that depend on the seed alone: run the same seed
 * twice and every one of them is the same, however the bus's threads were scheduled.
 *
 * @param eventsByType every event type seen, the bus's own {@code herald:*} events included
 * @param retries failed deliveries the bus attempted again
 * @param deadLettered deliveries given up after their last attempt
 * @param auditEntriesStored {@code audit:log} events in the event store at the end
 * @param tenantLeaks events a hotel heard that were not its own: 0, or the sample is broken
 */
public record Story(
    Map<String, Long> eventsByType,
    long totalEvents,
    long guestMessages,
    long escalations,
    long tasksOpened,
    long tasksClosed,
    long tasksOverdue,
    long retries,
    long deadLettered,
    long deadLettersReplayed,
    long deadLettersLeft,
    long auditEntriesStored,
    long tenantLeaks,
    Map<String, HotelDay> hotels) {

  /** One hotel's share of the day. */
  public record HotelDay(
      long events, long guestMessages, long escalations, long tasksOpened, long tasksClosed) {}
}
