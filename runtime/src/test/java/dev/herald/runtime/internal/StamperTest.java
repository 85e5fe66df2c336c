package dev.herald.runtime.internal;

import static dev.herald.runtime.internal.PipelineFixtures.PING;
import static dev.herald.runtime.internal.PipelineFixtures.ping;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.internal.PipelineFixtures.Ping;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stamping: ids and time, and what a new event inherits from the one being handled. */
class StamperTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final CurrentEvent.State thread = CurrentEvent.state();

  @AfterEach
  void clear() {
    thread.current = null;
  }

  @Test
  void anEventPublishedOutsideAListenerCorrelatesToItself() {
    Envelope<Ping> envelope = new Stamper("orders", clock, null)
        .envelope(PING, new Ping(1), Metadata.none(), thread);

    assertThat(envelope.id()).startsWith("evt_");
    assertThat(envelope.time()).isEqualTo(NOW);
    assertThat(envelope.source()).isEqualTo("orders");
    assertThat(envelope.correlationId()).isEqualTo(envelope.id());
    assertThat(envelope.causationId()).isNull();
    assertThat(envelope.tenantId()).isNull();
  }

  @Test
  void anEventPublishedInsideAListenerInheritsFromTheCurrentOne() {
    Envelope<?> cause = ping(1, "acme");
    thread.current = cause;

    Envelope<Ping> envelope = new Stamper("orders", clock, null)
        .envelope(PING, new Ping(2), Metadata.none(), thread);

    assertThat(envelope.correlationId()).isEqualTo(cause.correlationId());
    assertThat(envelope.causationId()).isEqualTo(cause.id());
    assertThat(envelope.tenantId()).isEqualTo("acme");
  }

  @Test
  void thePublishersMetadataWinsAndACustomIdGeneratorIsUsed() {
    thread.current = ping(1, "acme");
    AtomicInteger ids = new AtomicInteger();
    Stamper stamper = new Stamper("orders", clock, () -> "custom-" + ids.incrementAndGet());

    Envelope<Ping> envelope = stamper.envelope(PING, new Ping(2), Metadata.builder()
        .correlationId("corr").causationId("cause").tenant("other").build(), thread);

    assertThat(envelope.id()).isEqualTo("custom-1");
    assertThat(envelope.time()).isEqualTo(NOW);
    assertThat(envelope.correlationId()).isEqualTo("corr");
    assertThat(envelope.causationId()).isEqualTo("cause");
    assertThat(envelope.tenantId()).isEqualTo("other");
  }

  @Test
  void theCoarseClockStampsMilliseconds() {
    Envelope<Ping> envelope = new Stamper("orders", CoarseClock.UTC, null)
        .envelope(PING, new Ping(1), Metadata.none(), thread);

    assertThat(envelope.time().getNano() % 1_000_000).isZero();
  }
}
