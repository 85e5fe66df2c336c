package dev.herald.redis;

import dev.herald.runtime.TransportException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The envelopes published while Redis was away, under {@link ConnectionLoss#buffer}: at most
 * {@code capacity} of them, sent in publish order by a thread of their own once Redis answers
 * again. The sender stops at the first failure and retries the same envelope after a backoff, so
 * that order holds; an envelope published while others wait goes after them.
 */
final class OutageBuffer {

  /** Sends one entry, returning once Redis holds it; throws if it could not. */
  @FunctionalInterface
  interface Sender {
    void send(OutgoingEntry entry) throws Exception;
  }

  private final int capacity;
  private final String where;
  private final String threadName;
  private final Sender sender;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final Object lock = new Object();
  private final ArrayDeque<OutgoingEntry> entries = new ArrayDeque<>(); // guarded by lock
  private Thread flusher; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * @param where where Redis is, for messages
   * @param threadName the name of the thread that sends the buffered entries
   */
  OutageBuffer(int capacity, String where, String threadName, Sender sender, Duration backoffMin,
      Duration backoffMax) {
    this.capacity = capacity;
    this.where = where;
    this.threadName = threadName;
    this.sender = sender;
    this.backoffMin = backoffMin;
    this.backoffMax = backoffMax;
  }

  /**
   * Appends {@code entry} if others wait already, so that it is sent after them.
   *
   * @return false if none waits: the caller sends it itself
   */
  boolean appendIfWaiting(OutgoingEntry entry) {
    synchronized (lock) {
      if (entries.isEmpty()) {
        return false;
      }
      appendLocked(entry, null);
      return true;
    }
  }

  /**
   * Appends an entry whose sending failed with {@code cause}.
   *
   * @throws TransportException if the buffer is full or closed
   */
  void append(OutgoingEntry entry, Throwable cause) {
    synchronized (lock) {
      appendLocked(entry, cause);
    }
  }

  private void appendLocked(OutgoingEntry entry, Throwable cause) {
    if (closed || entries.size() >= capacity) {
      throw new TransportException("Could not publish " + entry + " to Redis stream "
          + entry.stream() + " at " + where + ": Redis is away"
          + (cause == null ? "" : " (" + cause + ")")
          + (closed ? " and the transport is closing"
              : " and the publish buffer is full (" + entries.size() + " envelopes)"), cause);
    }
    entries.addLast(entry);
    if (flusher == null) {
      flusher = new Thread(this::sendWaiting, threadName);
      flusher.setDaemon(true);
      flusher.start();
    }
    lock.notifyAll();
  }

  /** How many entries wait. */
  int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /** Waits until every entry was sent, at most {@code timeout}; true if none waits. */
  boolean awaitEmpty(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!entries.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Stops sending and refuses new entries; returns those never sent, oldest first. */
  List<OutgoingEntry> close() {
    synchronized (lock) {
      closed = true;
      List<OutgoingEntry> lost = List.copyOf(entries);
      entries.clear();
      if (flusher != null) {
        flusher.interrupt();
      }
      lock.notifyAll();
      return lost;
    }
  }

  /** The flusher thread: sends the oldest entry until it is taken, then the next. */
  private void sendWaiting() {
    Backoff backoff = new Backoff(backoffMin, backoffMax);
    while (true) {
      OutgoingEntry head;
      synchronized (lock) {
        while (entries.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        head = entries.peekFirst();
      }
      try {
        sender.send(head);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        try {
          Thread.sleep(backoff.next().toMillis());
        } catch (InterruptedException stop) {
          return;
        }
        continue;
      }
      backoff.reset();
      synchronized (lock) {
        if (entries.peekFirst() == head) {
          entries.pollFirst();
        }
        lock.notifyAll();
      }
    }
  }
}
