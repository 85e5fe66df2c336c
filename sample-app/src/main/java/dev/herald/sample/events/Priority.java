package dev.herald.sample.events;

/** How urgent a task or an escalation is. */
public enum Priority {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
