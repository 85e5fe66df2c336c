package dev.herald.runtime.generated;

import dev.herald.runtime.EventDescriptor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The parts of a generated {@code EventType} that are the same in every compilation: the rare
 * lookups and the error messages. The common lookup, the newest version by name, stays a
 * {@code switch} in the generated enum.
 */
public final class EventTypeSupport {

  private EventTypeSupport() {}

  /**
   * The event of {@code types} named {@code name} in exactly {@code version}, for
   * {@code EventType.of(name, version)} once the newest version did not match: a linear search,
   * as only events with several versions have an older one.
   *
   * @param types the generated enum's {@code values()}
   * @throws IllegalArgumentException if there is no such event
   */
  public static <E extends EventDescriptor> E version(E[] types, String name, int version) {
    for (E type : types) {
      if (type.version() == version && type.eventName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(unknownMessage(types, name) + " in version " + version);
  }

  /**
   * The error for a name none of {@code types} has, listing the names they have.
   *
   * @param types the generated enum's {@code values()}
   */
  public static IllegalArgumentException unknown(EventDescriptor[] types, String name) {
    return new IllegalArgumentException(unknownMessage(types, name));
  }

  private static String unknownMessage(EventDescriptor[] types, String name) {
    return "No event named \"" + name + "\" in " + types.getClass().getComponentType().getName()
        + "; known events: " + Arrays.stream(types).map(EventDescriptor::eventName).distinct()
            .sorted().collect(Collectors.joining(", "));
  }
}
