package dev.herald.spring.boot.transaction;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the events of a transaction in memory and publishes them on the bus, in the order they were
 * enlisted, after the transaction committed, on the thread that committed it; drops them when it
 * rolled back. An event that fails to publish after commit (a full queue with the FAIL policy, a
 * closed bus) does not stop the others; the first failure is then thrown to the code that
 * committed, with the others suppressed in it, since the transaction can no longer roll back.
 *
 * <p>Events live in memory between commit and publish: a process that dies in that window loses
 * them. Where that matters, replace this sink with an outbox (see {@link TransactionalEventSink}).
 */
public final class AfterCommitEventSink implements TransactionalEventSink {

  private static final Logger log = LoggerFactory.getLogger(AfterCommitEventSink.class);

  private final EventBus bus;

  /** Publishes on {@code bus}. */
  public AfterCommitEventSink(EventBus bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  @Override
  public <T extends Record> void enlist(EventKey<T> key, T payload, Metadata metadata) {
    pendingEvents().add(new Pending<>(key, payload, metadata));
  }

  /** The current transaction's events: one synchronization per transaction (suspended with it). */
  private PendingEvents pendingEvents() {
    for (TransactionSynchronization synchronization
        : TransactionSynchronizationManager.getSynchronizations()) {
      if (synchronization instanceof PendingEvents pending && pending.sink == this) {
        return pending;
      }
    }
    PendingEvents pending = new PendingEvents(this);
    TransactionSynchronizationManager.registerSynchronization(pending);
    return pending;
  }

  private record Pending<T extends Record>(EventKey<T> key, T payload, Metadata metadata) {
    void publishOn(EventBus bus) {
      bus.publish(key, payload, metadata);
    }
  }

  private static final class PendingEvents implements TransactionSynchronization {
    private final AfterCommitEventSink sink;
    private final List<Pending<?>> events = new ArrayList<>();

    PendingEvents(AfterCommitEventSink sink) {
      this.sink = sink;
    }

    void add(Pending<?> event) {
      events.add(event);
    }

    @Override
    public void afterCommit() {
      RuntimeException failure = null;
      for (Pending<?> event : events) {
        try {
          event.publishOn(sink.bus);
        } catch (RuntimeException e) {
          log.error("Event {} of a committed transaction could not be published", event.key(), e);
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      events.clear();
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void afterCompletion(int status) {
      if (status != STATUS_COMMITTED && !events.isEmpty()) {
        log.debug("Dropped {} events of a transaction that {}", events.size(),
            status == STATUS_ROLLED_BACK ? "rolled back" : "ended in an unknown state");
      }
      events.clear();
    }
  }
}
