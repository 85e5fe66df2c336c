package dev.herald.web;

import java.util.ArrayDeque;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client's bounded send buffer. The fan-out thread {@linkplain #push pushes} frames and never
 * waits: at most one frame is being written to the socket at a time, the rest wait here, and when
 * the buffer is full the {@link SlowClientPolicy} decides. Writes complete on Jetty's threads, which
 * take the next frame; a write that completes at once does not recurse (the pumping thread loops).
 */
final class Outbox {

  private final Session session;
  private final int capacity;
  private final SlowClientPolicy policy;
  private final Counters counters;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Callback written = Callback.from(this::writeDone, this::writeFailed);
  private boolean pumping; // a thread is in pump()
  private boolean writing; // a frame is with Jetty
  private long droppedUnreported;
  private boolean closed;

  Outbox(Session session, int capacity, SlowClientPolicy policy, Counters counters) {
    this.session = session;
    this.capacity = capacity;
    this.policy = policy;
    this.counters = counters;
  }

  /** Queues an event frame; returns false if the client was closed for being slow. */
  boolean push(String frame) {
    return offer(frame, true);
  }

  /** Queues a control frame, which is never dropped (it does count toward the bound). */
  void control(String frame) {
    offer(frame, false);
  }

  private boolean offer(String frame, boolean event) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (event && queue.size() >= capacity) {
        if (policy == SlowClientPolicy.CLOSE) {
          closeSlow();
          return false;
        }
        queue.pollFirst();
        counters.buffered.decrement();
        counters.dropped.increment();
        droppedUnreported++;
      }
      queue.addLast(frame);
      counters.buffered.increment();
      if (pumping || writing) {
        return true;
      }
      pumping = true;
    }
    pump();
    return true;
  }

  /** Buffered frames now. */
  synchronized int depth() {
    return queue.size();
  }

  /** Stops sending and forgets what waits; the caller closes the session. */
  void discard() {
    synchronized (this) {
      closed = true;
      counters.buffered.add(-queue.size());
      queue.clear();
    }
  }

  private void pump() {
    while (true) {
      String frame;
      synchronized (this) {
        if (writing || closed) {
          pumping = false;
          return;
        }
        frame = next();
        if (frame == null) {
          pumping = false;
          return;
        }
        writing = true;
      }
      counters.out.increment();
      session.sendText(frame, written);
    }
  }

  /** The next frame to write: a notice of drops first, then the oldest frame. Under the lock. */
  private String next() {
    if (droppedUnreported > 0) {
      String notice = Frames.dropped(droppedUnreported);
      droppedUnreported = 0;
      return notice;
    }
    String frame = queue.pollFirst();
    if (frame != null) {
      counters.buffered.decrement();
    }
    return frame;
  }

  private void writeDone() {
    boolean resume;
    synchronized (this) {
      writing = false;
      resume = !pumping;
      if (resume) {
        pumping = true;
      }
    }
    if (resume) {
      pump();
    }
  }

  private void writeFailed(Throwable failure) {
    // The session is failing: Jetty closes it and the endpoint's close handler cleans up.
    discard();
  }

  private void closeSlow() {
    closed = true;
    counters.buffered.add(-queue.size());
    queue.clear();
    counters.slowClosed.increment();
    session.close(CloseCodes.SLOW_CLIENT, "slow client: more than " + capacity
        + " events waited to be sent; reconnect with the last event id to resume",
        Callback.NOOP);
  }
}
