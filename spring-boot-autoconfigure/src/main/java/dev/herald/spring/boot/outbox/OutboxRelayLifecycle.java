package dev.herald.spring.boot.outbox;

import dev.herald.jdbc.Outbox;
import dev.herald.spring.boot.context.HeraldLifecycle;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the outbox's relay once the listener beans are registered and the bus started (a relay
 * running earlier would deliver a previous run's entries to no one and mark them complete), and
 * stops it, closing the outbox, before the bus closes. Its phase is just above
 * {@link HeraldLifecycle#PHASE}: started after it, stopped before it. Entries the relay did not
 * complete stay pending for the next start. The context cannot restart a stopped relay.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

  /** Started after, and stopped before, the bus's lifecycle. */
  public static final int PHASE = HeraldLifecycle.PHASE + 1;

  private final Outbox outbox;
  private volatile boolean running;

  /** Runs {@code outbox}'s relay while the context runs. */
  public OutboxRelayLifecycle(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public void start() {
    outbox.startRelay();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    outbox.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
