package dev.herald.sample.events;

/** How urgent a task, an escalation or a request is. */
public enum Priority {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** One step more urgent, at most {@link #CRITICAL}. */
  public Priority raised() {
    return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
  }
}
