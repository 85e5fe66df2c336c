package dev.herald.web;

/**
 * A webhook delivery that did not succeed: the endpoint answered other than 2xx, could not be
 * reached, timed out, or its circuit breaker is open. The bus retries it, then dead-letters it with
 * this message.
 */
public final class WebhookDeliveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final int status;

  WebhookDeliveryException(String endpoint, int status, String message, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
    this.status = status;
  }

  /** The endpoint's name. */
  public String endpoint() {
    return endpoint;
  }

  /** The HTTP status the endpoint answered, or 0 if there was no answer. */
  public int status() {
    return status;
  }

  /**
   * Whether the endpoint rejected the event (a 4xx other than 408 and 429): it is up, so this
   * does not count against its circuit breaker, though the delivery is still retried.
   */
  public boolean rejected() {
    return status >= 400 && status < 500 && status != 408 && status != 429;
  }
}
