package dev.herald.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingChecksTest {

  @Test
  void acceptedValuesComeBack() {
    assertThat(SettingChecks.requireNonBlank("billing", "group")).isEqualTo("billing");
    assertThat(SettingChecks.requirePositive(Duration.ofMillis(1), "pollTimeout"))
        .isEqualTo(Duration.ofMillis(1));
    assertThat(SettingChecks.requireAtLeast(1, 1, "batchSize")).isEqualTo(1);
    assertThat(SettingChecks.requireMaxInFlight(64, 64)).isEqualTo(64);
    assertThatNoException().isThrownBy(() ->
        SettingChecks.requireRange(Duration.ofSeconds(1), Duration.ofSeconds(1), "reconnect"));
  }

  @Test
  void refusedValuesAreNamedWithTheRule() {
    assertThatThrownBy(() -> SettingChecks.requireNonBlank(" ", "group name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A group name must not be blank");
    assertThatThrownBy(() -> SettingChecks.requireNonBlank(null, "clientId"))
        .hasMessage("A clientId must not be blank");
    assertThatThrownBy(() -> SettingChecks.requirePositive(Duration.ZERO, "claimIdle"))
        .hasMessage("claimIdle must be positive, got PT0S");
    assertThatThrownBy(() -> SettingChecks.requirePositive(null, "claimIdle"))
        .isInstanceOf(NullPointerException.class).hasMessage("claimIdle");
    assertThatThrownBy(() -> SettingChecks.requireAtLeast(0, 1, "batchSize"))
        .hasMessage("batchSize must be at least 1, got 0");
    assertThatThrownBy(() -> SettingChecks.requireMaxInFlight(10, 64))
        .hasMessage("maxInFlight must be at least batchSize (64), got 10");
  }

  @Test
  void aRangeNeedsPositiveBoundsInOrder() {
    assertThatThrownBy(() -> SettingChecks.requireRange(Duration.ofSeconds(2),
        Duration.ofSeconds(1), "retry backoff"))
        .hasMessage("retry backoff maximum PT1S is below minimum PT2S");
    assertThatThrownBy(() -> SettingChecks.requireRange(Duration.ZERO, Duration.ofSeconds(1),
        "reconnect")).hasMessage("reconnect minimum must be positive, got PT0S");
    assertThatThrownBy(() -> SettingChecks.requireRange(Duration.ofSeconds(1),
        Duration.ofSeconds(-1), "reconnect"))
        .hasMessage("reconnect maximum must be positive, got PT-1S");
  }
}
