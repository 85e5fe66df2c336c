package dev.herald.sample.events;

/** A machine-readable code and a message for people, as integrations report errors. */
public record ErrorDetail(String code, String message) {}
