package dev.herald.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.jdbc.JdbcDeadLetterStore;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterQuery;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.wire.CloudEvents;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.EventMap;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.MessageSent;
import dev.herald.sample.hotel.ChannelProvider;
import dev.herald.sample.simulation.GuestPlan;
import dev.herald.test.EventRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WhatsApp is down from 09:00 to 11:00. A reply sent at 10:00 fails on every attempt and becomes a
 * dead letter in the SQLite file; after the outage, the night audit's replay delivers it.
 */
@Timeout(60)
class DeadLetterScenarioTest {

  /** The contracts stores used without a bus read and write with. */
  private static final CloudEvents WIRE = CloudEvents.of(EventMap.keys());

  private static final GuestPlan GUEST = TestHotels.guest("gb", 1, Channel.WHATSAPP, false);

  @TempDir
  Path dir;

  @Test
  void aReplyThatFailsDuringAnOutageIsDeadLetteredAndReplayDeliversIt() throws Exception {
    Path db = dir.resolve("jack.db");
    ChannelProvider.Outage outage = new ChannelProvider.Outage(Channel.WHATSAPP,
        TestHotels.at(9, 0), TestHotels.at(11, 0));
    try (ConciergeSystem system = TestHotels.system(db, TestHotels.hotels(1, List.of(GUEST)),
        List.of(outage))) {
      system.start();
      system.runUntil(TestHotels.at(10, 0), at -> { });
      EventRecorder recorder = EventRecorder.attach(system.bus());

      Envelope<MessageReceived> question = system.hotel("grand-budapest").gateway()
          .receive(GUEST, List.of("What time is checkout?"), false).get(0);
      assertThat(system.bus().awaitIdle(Duration.ofSeconds(10))).isTrue();

      String reply = "r-" + question.payload().messageId();
      assertThat(recorder.payloads(EventMap.MESSAGE_FAILED))
          .filteredOn(f -> f.messageId().equals(reply))
          .extracting(f -> f.attemptCount()).containsExactly(1, 2, 3);
      assertThat(recorder.payloads(EventMap.MESSAGE_DELIVERED)).isEmpty();
      // Durable: another connection to the file sees the letter.
      try (DeadLetterStore sameFile = JdbcDeadLetterStore.sqlite(db, WIRE)) {
        assertThat(sameFile.list(DeadLetterQuery.all())).singleElement().satisfies(letter -> {
          assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.FAILED);
          assertThat(letter.subscriber()).startsWith("ChannelProvider.send");
          assertThat(letter.attempts()).isEqualTo(3);
          assertThat(letter.envelope().payload()).isInstanceOfSatisfying(MessageSent.class,
              sent -> assertThat(sent.messageId()).isEqualTo(reply));
          assertThat(letter.envelope().correlationId()).isEqualTo(question.correlationId());
        });
      }
      assertThat(recorder.payloads(EventMap.SYSTEM_ERROR)).as("the operator hears of it")
          .hasSize(1);

      system.runUntil(TestHotels.at(11, 30), at -> { });
      assertThat(recorder.payloads(EventMap.CHANNEL_CONNECTED)).singleElement()
          .satisfies(c -> assertThat(c.channel()).isEqualTo(Channel.WHATSAPP));

      assertThat(system.replayDeadLetters()).isEqualTo(1);

      assertThat(recorder.envelopes(EventMap.MESSAGE_DELIVERED)).singleElement().satisfies(d -> {
        assertThat(d.payload().messageId()).isEqualTo(reply);
        assertThat(d.correlationId()).as("replay keeps the flow").isEqualTo(question.correlationId());
        assertThat(d.tenantId()).isEqualTo("grand-budapest");
      });
      assertThat(system.deadLettersLeft()).isZero();
    }
  }
}
