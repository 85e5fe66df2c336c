package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.simulation.GuestPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two hotels on one bus: each one's components and listeners hear only their own hotel. */
@Timeout(60)
class TenantIsolationTest {

  private static final GuestPlan AT_BUDAPEST = TestHotels.guest("gb", 1, Channel.EMAIL, false);
  private static final GuestPlan AT_OVERLOOK = TestHotels.guest("ov", 1, Channel.SMS, false);

  @TempDir
  Path dir;

  @Test
  void aHotelNeverHearsAnotherHotelsEvents() throws Exception {
    try (ConciergeSystem system = TestHotels.system(dir.resolve("jack.db"),
        TestHotels.hotels(2, List.of(AT_BUDAPEST, AT_OVERLOOK)), List.of())) {
      system.start();
      system.runUntil(TestHotels.at(10, 0), at -> { });
      List<Envelope<?>> overlookHeard = new CopyOnWriteArrayList<>();
      system.bus().subscribe("#", overlookHeard::add,
          SubscribeOptions.named("overlook-night-porter").tenant("overlook"));

      Envelope<MessageReceived> complaint = system.hotel("grand-budapest").gateway()
          .receive(AT_BUDAPEST, List.of("The noise from next door is unacceptable!"), false)
          .get(0);
      assertThat(system.bus().awaitIdle(Duration.ofSeconds(10))).isTrue();

      assertThat(system.stats().correlation(complaint.correlationId()))
          .as("the complaint's whole flow")
          .hasSizeGreaterThan(10)
          .allSatisfy(link -> assertThat(link.tenant()).isEqualTo("grand-budapest"));
      assertThat(system.hotel("grand-budapest").taskBoard().openTasks()).isEqualTo(1);
      assertThat(system.hotel("overlook").taskBoard().openTasks()).isZero();
      assertThat(system.hotel("overlook").dashboard().tasksOpened()).isZero();
      assertThat(overlookHeard).isEmpty();

      system.hotel("overlook").gateway().receive(AT_OVERLOOK, List.of("Is there a gym?"), false);
      assertThat(system.bus().awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(overlookHeard).isNotEmpty()
          .allSatisfy(e -> assertThat(e.tenantId()).isEqualTo("overlook"));
      assertThat(system.stats().tenantLeaks()).isZero();
    }
  }
}
