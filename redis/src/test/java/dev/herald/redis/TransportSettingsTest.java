package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions that follow from the settings alone, and the rules the builder enforces. */
class TransportSettingsTest {

  @Test
  void byDefaultEveryEventButHeraldsOwnTravelsAndIsConsumed() {
    TransportSettings settings = new TransportSettings();
    assertThat(settings.carries("job:queued")).isTrue();
    assertThat(settings.carries("herald:delivery:failed")).isFalse();
    assertThat(settings.consumes("job:queued")).isTrue();
  }

  @Test
  void patternsChooseWhatTravelsAndWhatThisProcessReads() {
    TransportSettings settings = new TransportSettings();
    settings.carries = TransportSettings.requirePatterns("job:*", "room:*");
    settings.consumes = TransportSettings.requirePatterns("room:*");
    assertThat(settings.carries("job:queued")).isTrue();
    assertThat(settings.carries("local:note")).isFalse();
    assertThat(settings.consumes("room:booked")).isTrue();
    assertThat(settings.consumes("job:queued")).isFalse();
    settings.consumes = TransportSettings.requirePatterns();
    assertThat(settings.consumes("room:booked")).as("consumes(): publish only").isFalse();
  }

  @Test
  void claimsRunAtHalfTheClaimIdleBetweenATenthOfASecondAndFiveSeconds() {
    TransportSettings settings = new TransportSettings();
    settings.claimIdle = Duration.ofSeconds(4);
    assertThat(settings.claimInterval()).isEqualTo(Duration.ofSeconds(2));
    settings.claimIdle = Duration.ofMillis(50);
    assertThat(settings.claimInterval()).isEqualTo(Duration.ofMillis(100));
    settings.claimIdle = Duration.ofMinutes(5);
    assertThat(settings.claimInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theBuilderRefusesBadValuesNamingThem() {
    RedisTransport.Builder builder = RedisTransport.builder();
    assertThatThrownBy(() -> builder.namespace("my hotel"))
        .hasMessageContaining("namespace must be non-blank without whitespace")
        .hasMessageContaining("\"my hotel\"");
    assertThatThrownBy(() -> builder.batchSize(0))
        .hasMessage("batchSize must be at least 1, got 0");
    assertThatThrownBy(() -> builder.maxInFlight(10))
        .hasMessage("maxInFlight must be at least batchSize (64), got 10");
    assertThatThrownBy(() -> builder.claimIdle(Duration.ZERO))
        .hasMessage("claimIdle must be positive, got PT0S");
    assertThatThrownBy(() -> builder.group(" ")).hasMessage("A group name must not be blank");
    assertThatThrownBy(() -> builder.tls(true)).hasMessage("Set uri(...) before tls(...)");
    assertThatThrownBy(builder::build).hasMessage("RedisTransport needs uri(...) or client(...)");
  }

  @Test
  void aCopyIsIndependentOfTheBuilderThatGoesOn() {
    TransportSettings settings = new TransportSettings();
    settings.carries = List.of("job:*");
    TransportSettings copy = settings.copy();
    settings.batchSize = 8;
    settings.namespace = "other";
    assertThat(copy.batchSize).isEqualTo(64);
    assertThat(copy.namespace).isEqualTo("herald");
    assertThat(copy.carries).containsExactly("job:*");
  }
}
