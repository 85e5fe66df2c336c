package dev.herald.runtime.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.generated.Catalog;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.ListenerDispatcher;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** One event contract and the pipeline's parts built by hand, for the pipeline's unit tests. */
final class PipelineFixtures {

  /** The test event. */
  record Ping(int n) {}

  static final EventKey<Ping> PING = EventKey.of(new PingDescriptor(), Ping.class, new PingCodec(),
      null);

  /** A catalog with {@link #PING}, for a bus that announces. */
  static final Catalog CATALOG = new Catalog() {
    @Override
    public List<EventDescriptor> events() {
      return List.of(PING.descriptor());
    }

    @Override
    public List<ListenerDispatcher<?>> dispatchers() {
      return List.of();
    }
  };

  private static final AtomicLong IDS = new AtomicLong();

  private PipelineFixtures() {}

  static Envelope<Ping> ping(int n) {
    return ping(n, null);
  }

  static Envelope<Ping> ping(int n, String tenant) {
    String id = "evt_" + IDS.incrementAndGet();
    return Envelope.of(PING, new Ping(n), id, Instant.EPOCH, "test", id, null, tenant, Map.of());
  }

  /** A bus with the test event and no catalogs discovered. */
  static EventBus bus() {
    return EventBus.builder().source("test").discoverCatalogs(false).catalogs(CATALOG).build();
  }

  /** A subscriber of {@link #PING}. */
  static Subscriber subscriber(String name, Delivery delivery, RetryPolicy retry,
      Duration timeout, Subscriber.Invoker invoker) {
    return new Subscriber(name, 1, 0, delivery, retry, timeout, null, false, false,
        Set.of(Ping.class), List.of(), invoker, null, null);
  }

  static Subscriber subscriber(String name, Subscriber.Invoker invoker) {
    return subscriber(name, Delivery.ASYNC, RetryPolicy.none(), Duration.ZERO, invoker);
  }

  private static final class PingDescriptor implements EventDescriptor {
    @Override
    public String eventName() {
      return "test:ping";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public Class<?> payloadType() {
      return Ping.class;
    }

    @Override
    public boolean critical() {
      return false;
    }

    @Override
    public boolean persist() {
      return false;
    }

    @Override
    public boolean logPayload() {
      return true;
    }

    @Override
    public String description() {
      return "";
    }

    @Override
    public EventKey<?> key() {
      return PING;
    }
  }

  private static final class PingCodec implements JsonCodec<Ping> {
    @Override
    public void write(JsonGenerator generator, Ping value) throws IOException {
      generator.writeStartObject();
      generator.writeNumberField("n", value.n());
      generator.writeEndObject();
    }

    @Override
    public Ping read(JsonParser parser) throws IOException {
      throw new UnsupportedOperationException("the pipeline's tests never decode");
    }
  }
}
