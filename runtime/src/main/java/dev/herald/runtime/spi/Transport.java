package dev.herald.runtime.spi;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.observability.Health;
import dev.herald.runtime.observability.TransportMetrics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Carries some of a bus's events between processes, for example over Redis Streams. Plug one in with
 * {@code EventBus.builder().transport(...)}.
 *
 * <p>For an event the transport {@linkplain #carries carries}, {@code publish} hands the envelope to
 * {@link #send} and returns once the transport holds it; the bus does not deliver it locally. Every
 * process that receives it (this one included, if it consumes that event) hands it back through
 * {@link Inbound#deliver}, and acknowledges it only when the returned stage says every local
 * subscriber succeeded. Events the transport does not carry stay in the process, as without one.
 *
 * <p>Lifecycle: the bus calls {@link #start} from {@code EventBus.start()}, once its listeners are
 * registered, so that nothing is received before anyone can hear it; and {@link #close} first thing in
 * {@code EventBus.close}, while the bus can still finish the deliveries the transport handed it.
 */
public interface Transport extends AutoCloseable {

  /** Whether events of {@code key} travel through this transport; the others stay in process. */
  boolean carries(EventKey<?> key);

  /** Starts receiving; from now on the transport hands what it receives to {@code inbound}. */
  void start(Inbound inbound);

  /**
   * Sends an envelope published on this bus, returning once the transport holds it (stored, not
   * merely buffered in this process, unless it is configured to buffer).
   *
   * @throws dev.herald.runtime.TransportException if it cannot, so that {@code publish} fails
   */
  void send(Envelope<?> envelope);

  /**
   * Sends as {@link #send} does, without waiting: the stage completes when the transport holds the
   * envelope, or exceptionally with the {@link dev.herald.runtime.TransportException} that
   * {@code send} would have thrown. A transport that can keep several envelopes in flight (Redis
   * pipelines them on one connection) overrides it, bounding how many; the default sends, then
   * returns a completed stage.
   */
  default CompletionStage<Void> sendAsync(Envelope<?> envelope) {
    try {
      send(envelope);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Stops receiving, waits for the outcomes of the envelopes it already handed to the bus (the bus
   * keeps delivering during this call), settles them, and releases its connections.
   */
  @Override
  void close();

  /** Whether the transport can send and receive now, for {@code EventBus.health()}; cheap. */
  default dev.herald.runtime.observability.Health.Component health() {
    return Health.Component.up(getClass().getSimpleName() + " reports nothing");
  }

  /**
   * What the transport counted since it started, for {@code bus.metrics().transport()}; cheap, as
   * meters read it when scraped.
   */
  default TransportMetrics metrics() {
    return TransportMetrics.NONE;
  }

  /** The bus's side of a transport: where received envelopes go. */
  interface Inbound {

    /** The receiving bus's source name, e.g. for naming its consumer. */
    String source();

    /** Every event the bus knows, to decode received envelopes with. */
    List<EventKey<?>> events();

    /**
     * Delivers a received envelope to this bus's subscribers with their delivery modes, ordering and
     * retries. A subscriber that still fails after its last attempt is not dead-lettered by the bus:
     * it is reported in the outcome, and the transport decides (redeliver, or dead-letter remotely).
     *
     * @return completes when every subscriber that heard the envelope finished
     */
    CompletionStage<DeliveryOutcome> deliver(Envelope<?> envelope);

    /**
     * Delivers as {@link #deliver} does, with what {@code deliver} throws returned as a failed
     * stage: a transport settles both the same way, as a failed delivery.
     */
    default CompletionStage<DeliveryOutcome> deliverSafely(Envelope<?> envelope) {
      try {
        return deliver(envelope);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }
}
