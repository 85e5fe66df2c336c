package dev.herald.web;

/**
 * What the bridge does when a client's buffer is full because it reads slower than events come.
 * Either way the bus and the other clients go on at their own pace.
 */
public enum SlowClientPolicy {
  /**
   * Drops the oldest buffered event to make room, and tells the client before the next event it
   * sends with a {@code {"kind":"dropped","count":n}} frame; the client may reconnect with its last
   * event id to fetch what it missed, while it is in the resume window.
   */
  DROP_OLDEST,
  /** Closes the connection with {@link CloseCodes#SLOW_CLIENT}; the client reconnects and resumes. */
  CLOSE
}
