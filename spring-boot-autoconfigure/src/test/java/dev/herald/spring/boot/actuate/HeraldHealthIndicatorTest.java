package dev.herald.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.RetryPolicy;
import dev.herald.spring.boot.fixtures.RoomBooked;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** bus.health() as Actuator health: each status, and each component's reason as a detail. */
class HeraldHealthIndicatorTest {

  @Test
  void upDegradedAndDownWithEachComponentsReason() {
    EventBus bus = EventBus.builder().source("desk").retry(RetryPolicy.none()).build();
    HeraldHealthIndicator indicator = new HeraldHealthIndicator(bus);
    Health up = indicator.health();
    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("source", "desk").containsKey("queue");

    bus.subscribe(RoomBooked.class, booked -> {
      throw new IllegalStateException("out of order");
    });
    bus.publish(new RoomBooked("101"));
    Health degraded = indicator.health();
    assertThat(degraded.getStatus().getCode()).isEqualTo(HeraldHealthIndicator.DEGRADED_CODE);
    assertThat(degraded.getDetails().get("deadLetters")).asInstanceOf(MAP)
        .containsEntry("status", "DEGRADED");

    bus.close();
    Health down = indicator.health();
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails().get("bus")).asInstanceOf(MAP).containsEntry("status", "DOWN");
  }
}
