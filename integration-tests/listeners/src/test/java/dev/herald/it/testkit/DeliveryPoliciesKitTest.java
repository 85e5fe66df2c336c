package dev.herald.it.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.annotations.FailurePolicy;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.ListenerOutcome;
import dev.herald.runtime.PublishResult;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.test.EventRecorder;
import dev.herald.test.HeraldExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test kit with the delivery policies: batches, filters, publishAndCollect. */
@Timeout(60)
@ExtendWith(HeraldExtension.class)
class DeliveryPoliciesKitTest {

  @Test
  void theRecorderSeesEveryEventAndIsNoOutcomeOfPublishAndCollect(EventBus bus,
      EventRecorder recorder) {
    bus.subscribe(Ping.class, p -> { }, SubscribeOptions.named("validator")
        .onFailure(FailurePolicy.PROPAGATE));

    PublishResult<Ping> result = bus.publishAndCollect(new Ping(1));

    assertThat(result.outcomes()).extracting(ListenerOutcome::subscriber)
        .containsExactly("validator");
    recorder.assertPublished(EventMap.TEST_PING);
  }

  @Test
  void awaitIdleDeliversABatchStillFillingWithoutWaitingForIt(EventBus bus,
      EventRecorder recorder) throws Exception {
    List<List<Ping>> stored = new CopyOnWriteArrayList<>();
    bus.subscribeBatch(EventMap.TEST_PING, stored::add, SubscribeOptions.named("store")
        .batch(10, Duration.ofMinutes(1)) // awaitIdle does not wait for it to fill
        .filter((Envelope<Ping> e) -> e.payload().n() > 0));

    bus.publish(new Ping(1));
    bus.publish(new Ping(-1));
    bus.publish(new Ping(2));

    assertThat(recorder.payloads(Ping.class)).hasSize(3);
    assertThat(bus.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(stored).containsExactly(List.of(new Ping(1), new Ping(2)));
  }
}
