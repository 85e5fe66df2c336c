package dev.herald.sample.events;

/** What a message carries. */
public enum ContentType {
  TEXT,
  IMAGE,
  AUDIO,
  DOCUMENT
}
