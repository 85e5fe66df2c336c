package dev.herald.web;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.wire.CloudEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's one thread that hands events to clients. The bus's subscriber only
 * {@linkplain #offer offers} an event to its bounded intake (it never waits on a client); this thread
 * appends each event to the {@link ResumeLog} and pushes it to every client that may see it.
 * Clients join and leave through the same queue, so a client that resumes gets the log after its
 * last id and then the live events, in one order: no gap and no duplicate.
 */
final class Fanout implements Runnable {

  private final BlockingQueue<Object> intake;
  private final ResumeLog log;
  private final CloudEvents wire;
  private final ClientFilter filter;
  private final Counters counters;
  private final AtomicLong missed = new AtomicLong();
  private final List<BridgeClient> clients = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  Fanout(int intakeCapacity, int resumeWindow, CloudEvents wire, ClientFilter filter,
      Counters counters, String name) {
    this.intake = new ArrayBlockingQueue<>(intakeCapacity);
    this.log = new ResumeLog(resumeWindow);
    this.wire = wire;
    this.filter = filter;
    this.counters = counters;
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** From the bus's subscriber: never blocks; counts what does not fit. */
  void offer(Envelope<?> envelope) {
    if (!intake.offer(envelope)) {
      missed.incrementAndGet();
      counters.intakeOverflows.increment();
    }
  }

  void join(BridgeClient client) {
    command(() -> admit(client));
  }

  void leave(BridgeClient client) {
    command(() -> clients.remove(client));
  }

  /** Runs {@code action} on the fan-out thread, in order with the events. */
  void command(Runnable action) {
    try {
      intake.put(action);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    while (running) {
      Object next;
      try {
        next = intake.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (next instanceof Envelope<?> envelope) {
          reportMissed();
          push(envelope);
        } else {
          ((Runnable) next).run();
        }
      } catch (RuntimeException e) {
        WebBridge.LOG.error("The web bridge's fan-out failed on {}; it goes on with the next",
            next, e);
      }
    }
  }

  private void push(Envelope<?> envelope) {
    OutboundEvent event = new OutboundEvent(envelope, wire);
    log.append(event);
    for (int i = 0; i < clients.size(); i++) {
      BridgeClient client = clients.get(i);
      if (sees(client, event)) {
        client.outbox().push(event.frameFor(client.principal()));
      }
    }
  }

  private boolean sees(BridgeClient client, OutboundEvent event) {
    Envelope<?> envelope = event.envelope();
    WebPrincipal principal = client.principal();
    String tenant = principal.tenant();
    return (tenant == null || Objects.equals(tenant, envelope.tenantId()))
        && client.subscription().keys().contains(envelope.key())
        && filter.allows(principal, envelope);
  }

  private void admit(BridgeClient client) {
    Outbox outbox = client.outbox();
    BridgeClient.Resume resume = client.resume();
    // Welcome first: the client is live from here on, whatever it resumes.
    outbox.push(Frames.welcome(client.info().connectionId(), client.principal(), log.capacity()));
    int[] replayed = {0};
    if (resume.afterId() != null) {
      boolean found = log.after(resume.afterId(), event -> {
        if (sees(client, event)) {
          outbox.push(event.frameFor(client.principal()));
          replayed[0]++;
        }
      });
      outbox.push(found ? Frames.resumed(resume.afterId(), replayed[0])
          : Frames.resumeFailed(resume.afterId(), log.capacity()));
    } else if (resume.fromStart()) {
      log.all(event -> {
        if (sees(client, event)) {
          outbox.push(event.frameFor(client.principal()));
          replayed[0]++;
        }
      });
      outbox.push(Frames.resumed("", replayed[0]));
    }
    clients.add(client);
  }

  private void reportMissed() {
    long count = missed.get();
    if (count > 0 && missed.compareAndSet(count, 0)) {
      String notice = Frames.missed(count);
      for (BridgeClient client : clients) {
        client.outbox().push(notice);
      }
    }
  }
}
