package dev.herald.it.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.observe.Guests.GuestMessage;
import dev.herald.it.observe.Guests.Reply;
import dev.herald.micrometer.HeraldMeterBinder;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.SubscribeOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bus's counters as Micrometer meters, including series that appear after binding. */
@Timeout(60)
class MeterBinderTest {

  @Test
  void metersFollowTheBusAndNewTenantsGetTheirOwn() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EventBus bus = EventBus.builder().source("scraped").build()) {
      bus.subscribe(Reply.class, r -> { });
      bus.subscribe(GuestMessage.class, m -> {
        throw new IllegalStateException("down");
      }, SubscribeOptions.named("broken").maxAttempts(1));
      bus.publish(new Reply("c", "before binding"));

      new HeraldMeterBinder(bus, Tags.of("service", "concierge")).bindTo(registry);
      bus.publish(new Reply("c", "after"));
      bus.publish(new Reply("c", "tenant"), Metadata.builder().tenant("oslo").build());
      bus.publish(Guests.message("c"));

      assertThat(counter(registry, "herald.events.published", "obs:reply", "none")).isEqualTo(2);
      assertThat(counter(registry, "herald.events.published", "obs:reply", "oslo")).isEqualTo(1);
      assertThat(registry.get("herald.deliveries").tags("event", "obs:message", "outcome",
          "dead_lettered").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("herald.handler").tags("event", "obs:reply", "tenant", "none")
          .functionTimer().count())
          .as("SYNC deliveries of the first envelope each millisecond are timed: the first of two,"
              + " and the second if its millisecond differs").isBetween(1.0, 2.0);
      assertThat(registry.get("herald.handler.percentile").tags("event", "obs:reply", "quantile",
          "0.99").timeGauge().value(TimeUnit.NANOSECONDS)).isPositive();
      assertThat(registry.get("herald.queue.capacity").gauge().value()).isEqualTo(8192);
      assertThat(registry.get("herald.health").tags("service", "concierge", "bus", "scraped")
          .gauge().value()).as("DEGRADED after a dead letter").isEqualTo(1);
    }
  }

  private static double counter(SimpleMeterRegistry registry, String name, String event,
      String tenant) {
    FunctionCounter counter = registry.get(name).tags("event", event, "tenant", tenant)
        .functionCounter();
    return counter.count();
  }
}
