package dev.herald.runtime;

/** The bus was closed and no longer accepts events or subscriptions. */
public final class BusClosedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** An exception whose message names the bus and what was refused. */
  public BusClosedException(String message) {
    super(message);
  }
}
