package dev.herald.sample.events;

/** What kind of work a staff task is. */
public enum TaskType {
  SERVICE_REQUEST,
  HOUSEKEEPING,
  MAINTENANCE,
  CONCIERGE,
  COMPLAINT,
  FOLLOW_UP,
  ESCALATION
}
