package dev.herald.runtime.internal;

import dev.herald.runtime.BackpressurePolicy;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.IdGenerator;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.spi.Transport;
import dev.herald.runtime.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.event.Level;

/**
 * What {@code EventBus.Builder} collected: {@code historyCapacity} 0 means no history;
 * {@code logLevels} keeps the order given; {@code executor}, {@code eventStore}, {@code ids} and
 * {@code transport} may be null.
 *
 * <p>Public only because {@code EventBus.Builder}, in the root package, builds it; no compatibility
 * promise.
 */
public record BusConfig(
    String source,
    List<Catalog> catalogs,
    Executor executor,
    int asyncThreads,
    int queueCapacity,
    BackpressurePolicy backpressure,
    Duration blockTimeout,
    RetryPolicy retry,
    DeadLetterStore deadLetters,
    EventStore eventStore,
    Clock clock,
    IdGenerator ids,
    int listenerLimit,
    int listenerWarning,
    Map<EventKey<?>, int[]> listenerLimits,
    Transport transport,
    boolean metrics,
    int historyCapacity,
    boolean mdc,
    Map<String, Level> logLevels,
    int deadLetterAlarm) {}
