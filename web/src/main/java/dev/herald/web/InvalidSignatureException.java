package dev.herald.web;

/** A webhook request whose {@link WebhookSignature} is absent, malformed, stale or wrong. */
public final class InvalidSignatureException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With the reason, which names what is wrong and never the secret. */
  public InvalidSignatureException(String message) {
    super(message);
  }
}
