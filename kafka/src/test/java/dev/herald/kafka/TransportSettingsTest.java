package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.spi.DeliveryOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

  @Test
  void topicsArePerEventOrPerDomainUnderThePrefixWithDeadLetterTopicsBesideThem() {
    assertThat(TopicLayout.PER_EVENT_TYPE.topicOf("hotel", "room:booked"))
        .isEqualTo("hotel.room.booked");
    assertThat(TopicLayout.PER_DOMAIN.topicOf("hotel", "room:booked")).isEqualTo("hotel.room");
    assertThat(TopicLayout.PER_DOMAIN.topicOf("hotel", "room.cleaned")).isEqualTo("hotel.room");
    assertThat(TopicLayout.deadLetterTopicOf("hotel.room")).isEqualTo("hotel.room.DLT");
  }

  @Test
  void redeliveriesBackOffDoublingUpToTheMaximum() {
    TransportSettings settings = new TransportSettings();
    settings.retryMin = Duration.ofMillis(100);
    settings.retryMax = Duration.ofMillis(500);
    assertThat(List.of(settings.retryDelay(1), settings.retryDelay(2), settings.retryDelay(3),
        settings.retryDelay(4), settings.retryDelay(60))).containsExactly(Duration.ofMillis(100),
        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500),
        Duration.ofMillis(500));
  }

  @Test
  void badSettingsAreRefusedWithTheRuleAndTheValue() {
    assertThatThrownBy(() -> KafkaTransport.builder().topicPrefix("my prefix"))
        .hasMessageContaining("[a-zA-Z0-9._-]").hasMessageContaining("\"my prefix\"");
    assertThatThrownBy(() -> KafkaTransport.builder().carries("Room:*"))
        .hasMessageContaining("Invalid event pattern");
    assertThatThrownBy(() -> KafkaTransport.builder().batchSize(100).maxInFlight(50))
        .hasMessageContaining("maxInFlight must be at least batchSize (100), got 50");
    assertThatThrownBy(() -> KafkaTransport.builder().build())
        .hasMessageContaining("bootstrapServers(...)");
    assertThatThrownBy(() -> KafkaTransport.builder()
        .retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("below minimum");
  }

  @Test
  void theBuilderShowsPropertyNamesButNeverTheirValues() {
    String shown = KafkaTransport.builder().bootstrapServers("k1:9092")
        .producerProperty("sasl.jaas.config", "secret-value").toString();
    assertThat(shown).contains("k1:9092").contains("sasl.jaas.config")
        .doesNotContain("secret-value");
  }

  @Test
  void theBuilderShowsWhichEventsTravelAndWhichAreConsumed() {
    assertThat(KafkaTransport.builder().bootstrapServers("k1:9092").toString())
        .doesNotContain("carries").doesNotContain("consumes");
    assertThat(KafkaTransport.builder().bootstrapServers("k1:9092").carries("room:*").publishOnly()
        .toString()).contains("k1:9092, prefix herald, PER_EVENT_TYPE, STRUCTURED, carries"
            + " [room:*], consumes [], batch 256");
  }

  @Test
  void outcomesAreSettledRedeliveredOrDeadLetteredByDeliveryNumber() {
    DeliveryOutcome ok = new DeliveryOutcome(null, 1, List.of());
    DeliveryOutcome failed = new DeliveryOutcome(null, 1,
        List.of(new DeliveryOutcome.Failure("bill", "FAILED", "E", "boom", 2)));
    DeliveryOutcome shutdown = new DeliveryOutcome(null, 1,
        List.of(new DeliveryOutcome.Failure("bill", "SHUTDOWN", null, null, 0)));
    assertThat(Settlement.verdict(ok, null, 1, 3)).isEqualTo(Settlement.Verdict.SETTLE);
    assertThat(Settlement.verdict(failed, null, 2, 3)).isEqualTo(Settlement.Verdict.REDELIVER);
    assertThat(Settlement.verdict(failed, null, 3, 3)).isEqualTo(Settlement.Verdict.DEAD_LETTER);
    assertThat(Settlement.verdict(null, new IllegalStateException(), 3, 3))
        .isEqualTo(Settlement.Verdict.DEAD_LETTER);
    assertThat(Settlement.verdict(shutdown, null, 3, 3))
        .isEqualTo(Settlement.Verdict.LEAVE_UNCOMMITTED);
  }
}
