package dev.herald.runtime.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import org.junit.jupiter.api.Test;

/** The rare lookups and the messages of generated {@code EventType} enums. */
class EventTypeSupportTest {

  /** Shaped as a generated EventType: sorted by name, then version. */
  enum Types implements EventDescriptor {
    TASK_DONE("task:done", 1),
    TASK_DONE_V2("task:done", 2),
    ORDER_PLACED("order:placed", 1);

    private final String eventName;
    private final int version;

    Types(String eventName, int version) {
      this.eventName = eventName;
      this.version = version;
    }

    @Override
    public String eventName() {
      return eventName;
    }

    @Override
    public int version() {
      return version;
    }

    @Override
    public Class<?> payloadType() {
      return Record.class;
    }

    @Override
    public boolean critical() {
      return false;
    }

    @Override
    public boolean persist() {
      return false;
    }

    @Override
    public boolean logPayload() {
      return true;
    }

    @Override
    public String description() {
      return "";
    }

    @Override
    public EventKey<?> key() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void findsAnOlderVersionByNameAndVersion() {
    assertThat(EventTypeSupport.version(Types.values(), "task:done", 1))
        .isSameAs(Types.TASK_DONE);
    assertThat(EventTypeSupport.version(Types.values(), "task:done", 2))
        .isSameAs(Types.TASK_DONE_V2);
  }

  @Test
  void anUnknownNameListsTheKnownOnesOnceEachSorted() {
    assertThat(EventTypeSupport.unknown(Types.values(), "task:nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No event named \"task:nope\" in " + Types.class.getName()
            + "; known events: order:placed, task:done");
  }

  @Test
  void anUnknownVersionSaysWhichOne() {
    assertThatThrownBy(() -> EventTypeSupport.version(Types.values(), "task:done", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No event named \"task:done\" in " + Types.class.getName()
            + "; known events: order:placed, task:done in version 3");
  }
}
