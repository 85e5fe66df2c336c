package dev.herald.processor.codegen.json;

import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.util.Types;

/**
 * Whether a record component may be null, by the same rule the generated codecs follow, for the
 * checks between versions of an event.
 */
public final class ComponentNullability {

  private ComponentNullability() {}

  /** Any annotation named {@code Nullable} on the component, its accessor, field or type. */
  public static boolean isNullable(RecordComponentElement component, Types types) {
    return CodecPlanner.Nullability.isNullable(component, types);
  }
}
