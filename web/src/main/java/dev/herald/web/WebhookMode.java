package dev.herald.web;

/** How a webhook carries an event: the two modes of the CloudEvents HTTP binding. */
public enum WebhookMode {
  /** The event as one JSON document, {@code Content-Type: application/cloudevents+json}. */
  STRUCTURED,
  /** The attributes as {@code ce-*} headers, the data alone as the body, {@code application/json}. */
  BINARY
}
