package dev.herald.it.testkit;

import dev.herald.annotations.Delivery;
import dev.herald.it.contracts.EventMap;
import dev.herald.it.contracts.Ping;
import dev.herald.it.contracts.Pong;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.test.EventRecorder;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Uses the recorder the way a test on another framework would. {@link RecorderWithoutJUnitTest}
 * runs it in a class loader without JUnit, so it must not refer to JUnit (nor AssertJ) itself.
 */
public final class WithoutJUnit implements Supplier<String> {

  @Override
  public String get() {
    try {
      Class.forName("org.junit.jupiter.api.Test", false, getClass().getClassLoader());
      return "JUnit is on the class path";
    } catch (ClassNotFoundException expected) {
      // as it should be
    }
    try (EventBus bus = EventBus.builder().classLoader(getClass().getClassLoader()).build();
        EventRecorder recorder = EventRecorder.attach(bus)) {
      bus.subscribe(Ping.class, p -> bus.publish(new Pong(p.n())),
          SubscribeOptions.defaults().delivery(Delivery.ASYNC));
      bus.publish(new Ping(1));
      Pong pong = recorder.await(EventMap.TEST_PONG, Duration.ofSeconds(10));
      recorder.assertPublishedTimes(EventMap.TEST_PING, 1);
      try {
        recorder.assertNotPublished(EventMap.TEST_PONG);
        return "assertNotPublished passed";
      } catch (AssertionError expected) {
        return pong + "; " + expected.getMessage();
      }
    }
  }
}
