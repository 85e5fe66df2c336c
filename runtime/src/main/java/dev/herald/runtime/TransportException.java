package dev.herald.runtime;

/**
 * A transport could not take an event: {@code publish} fails with it and nobody heard the event.
 * Its message names the event, the transport and what to check.
 */
public class TransportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
