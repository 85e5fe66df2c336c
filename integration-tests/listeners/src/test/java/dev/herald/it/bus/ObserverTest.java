package dev.herald.it.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.it.contracts.Alarm;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Observers hear events without changing what the bus does with them. */
class ObserverTest {

  private final EventBus bus = EventBus.builder().source("test").listenerLimit(2, 2).build();

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void aCriticalEventOnlyObserversHearIsDeadLetteredAndStillObserved() {
    List<Envelope<?>> observed = new CopyOnWriteArrayList<>();
    bus.subscribe("alarm:*", observed::add, SubscribeOptions.named("audit-tap").observer());

    bus.publish(new Alarm("smoke"));

    assertThat(observed).extracting(Envelope::type).containsExactly("alarm:raised");
    assertThat(bus.deadLetters().list(DeadLetterQuery.all()))
        .extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.NO_SUBSCRIBER);
  }

  @Test
  void observersDoNotCountTowardListenerLimits() {
    for (int i = 0; i < 5; i++) {
      bus.subscribe(Ping.class, p -> { }, SubscribeOptions.defaults().observer());
    }
    bus.subscribe(Ping.class, p -> { });
    bus.subscribe(Ping.class, p -> { });
    assertThat(bus.toString()).contains("7 subscribers");
  }
}
