package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decisions that follow from the settings alone, and the rules the builder enforces. */
class TransportSettingsTest {

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
    assertThatThrownBy(() -> builder.consumer("")).hasMessage("A consumer name must not be blank");
    assertThatThrownBy(() -> builder.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("reconnect maximum PT1S is below minimum PT2S");
    assertThatThrownBy(() -> builder.tls(true)).hasMessage("Set uri(...) before tls(...)");
    assertThatThrownBy(builder::build).hasMessage("RedisTransport needs uri(...) or client(...)");
  }

  @Test
  void aCopyIsIndependentOfTheBuilderThatGoesOn() {
    TransportSettings settings = new TransportSettings();
    settings.events = settings.events.carrying("job:*");
    TransportSettings copy = settings.copy();
    settings.batchSize = 8;
    settings.namespace = "other";
    assertThat(copy.batchSize).isEqualTo(64);
    assertThat(copy.namespace).isEqualTo("herald");
    assertThat(copy.events.carries("job:queued")).isTrue();
    assertThat(copy.events.carries("room:booked")).isFalse();
  }
}
