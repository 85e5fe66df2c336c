package dev.herald.web;

/**
 * The WebSocket close codes the bridge uses beside the standard ones (1000 normal, 1001 going away,
 * 1009 message too big, 1011 server error); the 4000-4999 range is the application's.
 */
public final class CloseCodes {

  /** The client read too slowly: its buffer filled up under {@link SlowClientPolicy#CLOSE}. */
  public static final int SLOW_CLIENT = 4008;
  /** The client sent faster than its inbound rate limit for too long. */
  public static final int RATE_LIMITED = 4029;
  /** The bridge is closing (the server stops). */
  public static final int BRIDGE_CLOSED = 1001;

  private CloseCodes() {}
}
