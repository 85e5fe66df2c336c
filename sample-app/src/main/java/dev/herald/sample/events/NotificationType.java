package dev.herald.sample.events;

/** What a proactive message to a guest is for. */
public enum NotificationType {
  PRE_ARRIVAL,
  WELCOME,
  CHECKOUT_REMINDER,
  FEEDBACK_REQUEST,
  CUSTOM
}
