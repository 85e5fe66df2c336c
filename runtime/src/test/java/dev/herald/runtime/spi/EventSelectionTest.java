package dev.herald.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventSelectionTest {

  @Test
  void byDefaultEveryEventButHeraldsOwnTravelsAndIsConsumed() {
    EventSelection events = EventSelection.defaults();
    assertThat(events.carries("job:queued")).isTrue();
    assertThat(events.carries("herald:delivery:failed")).isFalse();
    assertThat(events.consumes("job:queued")).isTrue();
    assertThat(events.publishOnly()).isFalse();
    assertThat(events.isDefault()).isTrue();
    assertThat(events).hasToString("");
  }

  @Test
  void patternsChooseWhatTravelsAndWhatThisProcessConsumes() {
    EventSelection events = EventSelection.defaults().carrying("job:*", "room:*")
        .consuming("room:*");
    assertThat(events.carries("job:queued")).isTrue();
    assertThat(events.carries("local:note")).isFalse();
    assertThat(events.consumes("room:booked")).isTrue();
    assertThat(events.consumes("job:queued")).isFalse();
    assertThat(events.isDefault()).isFalse();
    assertThat(EventSelection.defaults().consuming("room:*").isDefault()).isFalse();
    assertThat(events).hasToString("carries [job:*, room:*], consumes [room:*]");
  }

  @Test
  void consumingNothingIsPublishOnly() {
    EventSelection events = EventSelection.defaults().consuming();
    assertThat(events.publishOnly()).isTrue();
    assertThat(events.consumes("room:booked")).isFalse();
    assertThat(events.carries("room:booked")).as("still carried: published").isTrue();
    assertThat(events).hasToString("consumes []");
    assertThat(EventSelection.defaults().carrying().carries("room:booked"))
        .as("carrying(): the default").isTrue();
  }

  @Test
  void anInvalidPatternFailsWhenGiven() {
    assertThatThrownBy(() -> EventSelection.defaults().carrying("job:*", "Room:*"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid event pattern");
    assertThatThrownBy(() -> EventSelection.defaults().consuming("room::x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
