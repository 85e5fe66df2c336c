package dev.herald.runtime;

/** An asynchronous queue was full and the bus's {@link BackpressurePolicy} is {@code FAIL}. */
public final class BackpressureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception whose message says which queue was full and how full. */
  public BackpressureException(String message) {
    super(message);
  }
}
