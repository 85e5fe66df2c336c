package dev.herald.sample.events;

/** Where a guest talks to the hotel. */
public enum Channel {
  WHATSAPP,
  SMS,
  EMAIL,
  WEBCHAT
}
