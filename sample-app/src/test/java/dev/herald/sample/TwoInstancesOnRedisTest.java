package dev.herald.sample;

import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.simulation.HotelPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TwoInstancesContract} on one real Redis, started on a free loopback port. */
class TwoInstancesOnRedisTest extends TwoInstancesContract {

  @RegisterExtension
  static final LocalRedis redis = new LocalRedis();

  @Override
  ConciergeSystem.Setup setup(Path store, List<HotelPlan> hotels,
      List<ChannelProvider.Outage> outages, String instance) {
    return new ConciergeSystem.Setup(SEED, store, DAY, hotels, outages,
        new ConciergeSystem.Redis(redis.uri(), instance));
  }

  @Override
  DeadLetterStore deadLetters(ConciergeSystem system) {
    return system.transport().deadLetters();
  }
}
