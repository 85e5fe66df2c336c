package dev.herald.sample;

import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.simulation.HotelPlan;
import dev.herald.testservers.TestBroker;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link TwoInstancesContract} on one real Kafka broker (the test broker of {@code test-servers}, a
 * JVM of its own).
 */
class TwoInstancesOnKafkaTest extends TwoInstancesContract {

  private static final TestBroker broker = TestBroker.shared();

  @Override
  ConciergeSystem.Setup setup(Path store, List<HotelPlan> hotels,
      List<ChannelProvider.Outage> outages, String instance) {
    return new ConciergeSystem.Setup(SEED, store, DAY, hotels, outages, null,
        new ConciergeSystem.Kafka(broker.bootstrapServers(), instance));
  }

  @Override
  DeadLetterStore deadLetters(ConciergeSystem system) {
    return system.kafkaTransport().deadLetters();
  }
}
