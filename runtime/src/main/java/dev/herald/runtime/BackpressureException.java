package dev.herald.runtime;

/** An asynchronous queue was full and the bus's {@link BackpressurePolicy} is {@code FAIL}. */
public final class BackpressureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackpressureException(String message) {
    super(message);
  }
}
