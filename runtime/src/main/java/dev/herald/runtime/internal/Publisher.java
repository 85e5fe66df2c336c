package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.PublishResult;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.internal.Routes.Route;
import dev.herald.runtime.spi.DeliveryOutcome;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes events in and fans them out: stamps a published event ({@link Stamper}), stores it first if
 * it is marked persist, hands it to the transport that carries it or routes it here, and dispatches
 * it: asynchronous subscribers are queued first, then SYNC ones run on this thread. A critical event
 * that nobody but observers hears is dead-lettered.
 */
final class Publisher {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final Stamper stamper;
  private final ContractIndex index;
  private final RouteRegistry registry;
  private final Admission admission;
  private final SyncDispatcher sync;
  private final AsyncDispatcher async;
  private final DeadLettering deadLettering;
  /** Null without a transport. */
  private final Transport transport;
  /** Null without an event store. */
  private final EventStore eventStore;
  /** Null with an event store, or when no event is marked persist. */
  private final UnstoredEvents unstored;
  private final HealthCheck health;
  private final MetricsRecorder metrics;
  private final EventLog eventLog;
  /** Null without a history. */
  private final HistoryRecorder history;

  Publisher(Stamper stamper, ContractIndex index, RouteRegistry registry, Admission admission,
      SyncDispatcher sync, AsyncDispatcher async, DeadLettering deadLettering, Transport transport,
      EventStore eventStore, HealthCheck health, MetricsRecorder metrics, EventLog eventLog,
      HistoryRecorder history) {
    this.stamper = stamper;
    this.index = index;
    this.registry = registry;
    this.admission = admission;
    this.sync = sync;
    this.async = async;
    this.deadLettering = deadLettering;
    this.transport = transport;
    this.eventStore = eventStore;
    this.unstored = eventStore == null ? UnstoredEvents.of(stamper.source(), index) : null;
    this.health = health;
    this.metrics = metrics;
    this.eventLog = eventLog;
    this.history = history;
  }

  <T extends Record> Envelope<T> publish(T payload, Metadata metadata) {
    Class<?> type = payload.getClass();
    Route route = registry.routes().ofPayload(type);
    return publish(keyOf(type, route), route, payload, metadata, null);
  }

  @SuppressWarnings("unchecked") // the catalogs' key of the payload's class
  private <T extends Record> EventKey<T> keyOf(Class<?> type, Route route) {
    EventKey<T> key = (EventKey<T>) (route != null ? route.slot.key : index.keyOf(type));
    if (key == null) {
      throw new IllegalArgumentException(type.getName() + " is not an event this bus"
          + " knows: annotate the record with @Event and compile it with herald-processor, or pass"
          + " its EventKey to publish(key, payload)");
    }
    return key;
  }

  /** Publishes; {@code known} is the key's route if the caller looked it up, else null. */
  <T extends Record> Envelope<T> publish(EventKey<T> key, Route known, T payload,
      Metadata metadata) {
    return publish(key, known, payload, metadata, null);
  }

  /**
   * Publishes and returns the outcome of each SYNC subscriber.
   *
   * @throws IllegalStateException inside a SYNC listener of this bus, where the event would be
   *     delivered only after the listener returns, or for an event a transport carries
   */
  <T extends Record> PublishResult<T> publishAndCollect(EventKey<T> key, T payload,
      Metadata metadata) {
    CurrentEvent.State thread = CurrentEvent.state();
    if (sync.isDispatching(thread)) {
      throw new IllegalStateException("publishAndCollect was called inside a SYNC listener of"
          + " EventBus '" + admission.source() + "', where an event is delivered only after the"
          + " current one has reached all its subscribers, so its outcomes cannot be collected"
          + " yet; call publish here, or publishAndCollect outside the listener");
    }
    if (transport != null && transport.carries(key)) {
      throw new IllegalStateException(key.name() + " is carried by the transport " + transport
          + ", and delivered here only when it comes back, so publishAndCollect cannot report"
          + " its outcomes; call publish");
    }
    SyncFailures collector = SyncFailures.collector();
    Envelope<T> envelope = publish(key, null, payload, metadata, collector);
    return new PublishResult<>(envelope, collector.outcomes());
  }

  <T extends Record> PublishResult<T> publishAndCollect(T payload, Metadata metadata) {
    Class<?> type = payload.getClass();
    return publishAndCollect(keyOf(type, registry.routes().ofPayload(type)), payload, metadata);
  }

  private <T extends Record> Envelope<T> publish(EventKey<T> key, Route known, T payload,
      Metadata metadata, SyncFailures collector) {
    admission.ensureOpen();
    CurrentEvent.State thread = CurrentEvent.state();
    Envelope<T> envelope = stamper.envelope(key, payload, metadata, thread);
    if (transport != null && transport.carries(key)) {
      // It comes back through the transport to every process that consumes it, this one included.
      appendIfPersistent(envelope, 0);
      transport.send(envelope);
      return sent(envelope);
    }
    Route route = known != null ? known : registry.routeOf(key);
    long rejected = route.asyncFilters ? Filtering.rejected(route.async, envelope) : 0;
    int reserved = admission.reserveAll(route, envelope, rejected); // throws before anything else
    appendIfPersistent(envelope, reserved);
    Series series = metrics.seriesOf(envelope, route.slot);
    if (series != null) {
      series.countPublished(thread);
    }
    eventLog.published(envelope, route.slot);
    if (collector != null) {
      collector.collect(envelope);
    }
    dispatch(thread, envelope, route, reserved, rejected, null, remembered(envelope), series,
        collector, metadata);
    return envelope;
  }

  /**
   * Publishes an event its transport carries without waiting for the transport, which may keep
   * several in flight; any other event is published at once, as by {@code publish}.
   */
  <T extends Record> CompletionStage<Envelope<T>> publishAsync(T payload, Metadata metadata) {
    Class<?> type = payload.getClass();
    Route route = registry.routes().ofPayload(type);
    EventKey<T> key = keyOf(type, route);
    if (transport == null || !transport.carries(key)) {
      return CompletableFuture.completedFuture(publish(key, route, payload, metadata));
    }
    admission.ensureOpen();
    Envelope<T> envelope = stamper.envelope(key, payload, metadata, CurrentEvent.state());
    appendIfPersistent(envelope, 0);
    return transport.sendAsync(envelope).thenApply(ignored -> sent(envelope));
  }

  /** Counts and logs an envelope its transport now holds. */
  private <T extends Record> Envelope<T> sent(Envelope<T> envelope) {
    Series series = metrics.seriesOf(envelope);
    if (series != null) {
      series.published.increment();
    }
    eventLog.published(envelope);
    return envelope;
  }

  /** Delivers an envelope published elsewhere to this bus's subscribers. */
  void deliver(Envelope<?> envelope) {
    admission.ensureOpen();
    deliver(envelope, registry.routeOf(envelope.key()), null);
  }

  /** Delivers an envelope a transport received, reporting failures instead of dead-lettering. */
  CompletionStage<DeliveryOutcome> deliverReceived(Envelope<?> envelope) {
    DeliveryTracker tracker = new DeliveryTracker(envelope);
    try {
      admission.ensureOpen();
      deliver(envelope, registry.routeOf(envelope.key()), tracker);
    } catch (RuntimeException refused) {
      tracker.refused(refused);
      return tracker.outcome();
    }
    tracker.dispatched();
    return tracker.outcome();
  }

  /** Delivers {@code envelope} along {@code route}, which the caller looked up. */
  void deliver(Envelope<?> envelope, Route route, DeliveryTracker tracker) {
    long rejected = route.asyncFilters ? Filtering.rejected(route.async, envelope) : 0;
    dispatch(CurrentEvent.state(), envelope, route, admission.reserveAll(route, envelope, rejected),
        rejected, tracker, remembered(envelope), metrics.seriesOf(envelope, route.slot), null,
        null);
  }

  /**
   * Appends an event marked persist before anyone hears it: an event the publisher saw accepted is
   * in the store. If the append fails, publish fails and nobody heard an event that is not stored.
   */
  private void appendIfPersistent(Envelope<?> envelope, int reserved) {
    if (unstored != null) {
      unstored.published(envelope.key());
    } else if (eventStore != null && envelope.key().descriptor().persist()) {
      try {
        eventStore.append(envelope);
      } catch (RuntimeException e) {
        health.eventStore().failed(e);
        admission.release(reserved);
        throw e;
      }
      health.eventStore().succeeded();
    }
  }

  /** Keeps an envelope about to be delivered here in the history, if there is one. */
  private TrackedEvent remembered(Envelope<?> envelope) {
    return history != null ? history.record(envelope) : null;
  }

  /**
   * Dispatches; bit {@code i} of {@code rejected} is set when the filter of asynchronous subscriber
   * {@code i} turned the envelope down already (see {@link Filtering#rejected}); {@code metadata}
   * is the publisher's, or null for an envelope published elsewhere.
   */
  private void dispatch(CurrentEvent.State thread, Envelope<?> envelope, Route route, int reserved,
      long rejected, DeliveryTracker tracker, TrackedEvent tracked, Series series,
      SyncFailures collector, Metadata metadata) {
    boolean critical = envelope.key().descriptor().critical();
    boolean heard = critical && syncWouldHear(route, envelope);
    // Asynchronous deliveries are queued first, at publish time: an event published by a SYNC
    // listener must not overtake this one in an ORDERED lane.
    Subscriber[] subscribers = route.async;
    boolean urgent = subscribers.length > 0 && isUrgent(envelope, metadata);
    for (int i = 0; i < subscribers.length; i++) {
      Subscriber subscriber = subscribers[i];
      // A subscriber whose filter turns the event down has heard it, as a SYNC one has.
      heard |= critical && !subscriber.observer && subscriber.wouldAccept(envelope);
      boolean accepted = i < Filtering.PRE_ADMISSION
          ? !isRejected(rejected, i) && subscriber.acceptsFiltered(envelope)
          : subscriber.accepts(envelope);
      if (accepted) {
        if (tracker != null) {
          tracker.started();
        }
        async.submit(subscriber, envelope, tracker, tracked, series, urgent, reserved > 0);
        reserved = Math.max(0, reserved - 1);
      }
    }
    admission.release(reserved); // subscribers that cancelled meanwhile
    if (route.sync.length > 0) {
      // Observers still see an unheard critical event.
      sync.dispatch(thread, envelope, route.sync, tracker, series, collector);
    }
    if (critical && !heard) {
      log.warn("Critical event {} {} has no subscriber; it was dead-lettered", envelope.type(),
          envelope.id());
      if (tracked != null) {
        tracked.deadLettered = true;
      }
      deadLettering.deadLetter(envelope, DeadLetter.NO_SUBSCRIBER,
          DeadLetter.Reason.NO_SUBSCRIBER);
    }
  }

  /**
   * Whether the envelope's asynchronous deliveries take the high-priority lane: the publisher's
   * priority, else the event's default, is above 0.
   */
  private static boolean isUrgent(Envelope<?> envelope, Metadata metadata) {
    if (metadata != null && metadata.priority().isPresent()) {
      return metadata.priority().getAsInt() > 0;
    }
    return envelope.key().descriptor().priority() > 0;
  }

  /** Whether bit {@code i} of a mask of {@link Filtering#rejected} is set. */
  static boolean isRejected(long rejected, int i) {
    return i < Filtering.PRE_ADMISSION && (rejected & (1L << i)) != 0;
  }

  /** Whether a SYNC subscriber other than an observer will take this envelope. */
  private static boolean syncWouldHear(Route route, Envelope<?> envelope) {
    for (Subscriber subscriber : route.sync) {
      if (!subscriber.observer && subscriber.wouldAccept(envelope)) {
        return true;
      }
    }
    return false;
  }
}
