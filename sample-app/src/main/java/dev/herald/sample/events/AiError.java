package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** The AI provider failed to answer; the engine fell back or retried. */
@Event("ai:error")
public record AiError(
    @Nullable String conversationId,
    ErrorType errorType,
    String provider,
    ErrorDetail error,
    @Nullable Integer retryAttempt) {

  /** What went wrong with the provider. */
  public enum ErrorType {
    PROVIDER_ERROR,
    TIMEOUT,
    RATE_LIMIT,
    INVALID_RESPONSE
  }
}
