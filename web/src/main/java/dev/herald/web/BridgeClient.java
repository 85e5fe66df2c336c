package dev.herald.web;

import dev.herald.runtime.EventKey;
import dev.herald.web.ConnectionListener.Disconnect;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One connected client: its principal, its subscription and its outbox; Jetty's listener for its
 * socket. Events reach it from the fan-out thread; its frames are read on Jetty's threads, one at a
 * time. Public only because Jetty calls its listener methods through a public lookup; it has no
 * public constructor and no API for applications.
 */
public final class BridgeClient implements Session.Listener.AutoDemanding {

  private final WebBridge bridge;
  private final ClientInfo info;
  private final Resume resume;
  private final RateLimit rate;
  private volatile Subscription subscription;
  private volatile Session session;
  private volatile Outbox outbox;

  /** What the client asked to resume from when it connected. */
  record Resume(String afterId, boolean fromStart) {
    static final Resume NONE = new Resume(null, false);
  }

  /** The patterns a client chose and the allowed keys they match. */
  record Subscription(List<String> patterns, Set<EventKey<?>> keys) {}

  BridgeClient(WebBridge bridge, ClientInfo info, Resume resume, Subscription subscription,
      int inboundPerSecond) {
    this.bridge = bridge;
    this.info = info;
    this.resume = resume;
    this.subscription = subscription;
    this.rate = new RateLimit(inboundPerSecond);
  }

  ClientInfo info() {
    return info;
  }

  WebPrincipal principal() {
    return info.principal();
  }

  Resume resume() {
    return resume;
  }

  Outbox outbox() {
    return outbox;
  }

  Subscription subscription() {
    return subscription;
  }

  void subscription(Subscription changed) {
    this.subscription = changed;
  }

  /** Sends a ping; a client that answers nothing is closed by the idle timeout. */
  void ping() {
    Session current = session;
    if (current != null && current.isOpen()) {
      current.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  void close(int code, String reason) {
    Session current = session;
    if (current != null) {
      current.close(code, reason, Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
    this.outbox = bridge.newOutbox(opened);
    bridge.opened(this);
  }

  @Override
  public void onWebSocketText(String text) {
    bridge.counters().in.increment();
    if (!rate.tryAcquire()) {
      bridge.counters().rejectedIn.increment();
      if (rate.refusedInARow() == 1) {
        send(Frames.error(null, "rate-limited", "more than " + rate.perSecond()
            + " frames a second; this frame was ignored, and the connection closes if the rate"
            + " goes on"));
      } else if (rate.refusedInARow() > rate.perSecond()) {
        close(CloseCodes.RATE_LIMITED, "inbound rate limit of " + rate.perSecond()
            + " frames a second exceeded for a second");
      }
      return;
    }
    bridge.received(this, text);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    callback.succeed();
    bridge.counters().in.increment();
    bridge.counters().rejectedIn.increment();
    send(Frames.error(null, "binary-frame", "binary frames are not supported; send JSON text"
        + " frames"));
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    callback.succeed();
    Disconnect cause = reason != null && reason.contains("Idle Timeout")
        ? Disconnect.TIMED_OUT
        : switch (statusCode) {
          case StatusCode.NORMAL, StatusCode.SHUTDOWN, StatusCode.NO_CODE -> Disconnect.CLOSED;
          case CloseCodes.SLOW_CLIENT, CloseCodes.RATE_LIMITED, StatusCode.MESSAGE_TOO_LARGE,
              StatusCode.POLICY_VIOLATION -> Disconnect.SLOW_OR_ABUSIVE;
          default -> Disconnect.FAILED;
        };
    bridge.closed(this, statusCode, cause);
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    WebBridge.LOG.debug("WebSocket error on {}", info.connectionId(), cause);
  }

  /** Queues a control frame for this client, if it is still open. */
  void send(String frame) {
    Outbox current = outbox;
    if (current != null) {
      current.push(frame);
    }
  }
}
