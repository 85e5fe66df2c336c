package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.internal.Routes.Route;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers dead letters again. A letter nobody heard is published to today's subscribers; a letter
 * of one subscriber goes to the active subscriber of that name (and tenant), on the caller's thread,
 * which waits for the stage the listener returns, within its timeout (see {@link Invocation}). A
 * letter delivered is deleted; one that fails again stays, with one attempt more. A letter of an
 * older version of its event is replayed as the newest version ({@link Upcasting}), as a durable
 * store's letters are when they are decoded.
 */
final class Replay {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final String source;
  private final Admission admission;
  private final RouteRegistry registry;
  private final Publisher publisher;
  private final Invocation invocation;
  private final DeadLettering deadLettering;
  private final ContractIndex contracts;

  Replay(String source, Admission admission, RouteRegistry registry, Publisher publisher,
      Invocation invocation, DeadLettering deadLettering, ContractIndex contracts) {
    this.source = source;
    this.admission = admission;
    this.registry = registry;
    this.publisher = publisher;
    this.invocation = invocation;
    this.deadLettering = deadLettering;
    this.contracts = contracts;
  }

  /** Replays every letter {@code query} finds; returns how many were delivered. */
  int replay(DeadLetterQuery query) {
    int delivered = 0;
    for (DeadLetter letter : deadLettering.store().list(query)) {
      if (replay(letter)) {
        delivered++;
      }
    }
    return delivered;
  }

  /** Replays {@code letter}; true if it was delivered (and deleted). */
  boolean replay(DeadLetter letter) {
    admission.ensureOpen();
    DeadLetterStore store = deadLettering.store();
    Envelope<?> envelope = Upcasting.toNewest(letter.envelope(), contracts);
    if (letter.subscriber().equals(DeadLetter.NO_SUBSCRIBER)) {
      Route route = registry.routeOf(envelope.key());
      if (!anyoneHears(route, envelope)) {
        return false;
      }
      store.delete(letter.id());
      publisher.deliver(envelope, route, null);
      return true;
    }
    Subscriber subscriber = subscriberOf(letter, envelope);
    try {
      CompletionStage<?> stage = invocation.call(CurrentEvent.state(), subscriber, envelope);
      if (stage != null) {
        stage.toCompletableFuture().get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Throwable error) {
      Invocation.rethrowIfFatal(error);
      Throwable cause = Invocation.unwrap(error);
      deadLettering.failedAgain(letter, cause);
      log.warn("Replay of dead letter {} ({} {}) to {} failed again", letter.id(), envelope.type(),
          envelope.id(), subscriber.name, cause);
      return false;
    }
    store.delete(letter.id());
    return true;
  }

  /** By name and tenant: the same listener class registered for two tenants has one name. */
  private Subscriber subscriberOf(DeadLetter letter, Envelope<?> envelope) {
    return registry.routes().subscribers().stream()
        .filter(s -> s.name.equals(letter.subscriber()) && s.hears(envelope.key())
            && s.wouldAccept(envelope))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No active subscriber named '"
            + letter.subscriber() + "' hears " + envelope.type()
            + (envelope.tenantId() == null ? "" : " of tenant " + envelope.tenantId())
            + " on EventBus '" + source + "'; register it before replaying dead letter "
            + letter.id()));
  }

  /** Whether anyone but an observer would take this envelope now. */
  private static boolean anyoneHears(Route route, Envelope<?> envelope) {
    for (Subscriber[] group : List.of(route.sync, route.async)) {
      for (Subscriber s : group) {
        if (!s.observer && s.wouldAccept(envelope)) {
          return true;
        }
      }
    }
    return false;
  }
}
