package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.Map;

/** Something went wrong that an operator should know about. */
@Event("system:error")
public record SystemError(
    Error error, @Nullable Map<String, String> context, Severity severity) {

  /** The error as the code saw it. */
  public record Error(String name, String message, @Nullable String stack) {}

  /** How bad it is. */
  public enum Severity {
    WARNING,
    ERROR,
    CRITICAL
  }
}
