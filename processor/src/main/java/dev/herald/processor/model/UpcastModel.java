package dev.herald.processor.model;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.ExecutableElement;

/**
 * One valid {@code @Upcast} method: a static method of {@code owner} that turns {@code from} into
 * {@code to}, the next version of the same event.
 */
public record UpcastModel(
    ExecutableElement method, ClassName owner, String methodName, EventModel from, EventModel to) {

  /** {@code OrderMigrations.toV2(OrderPlacedV1)} as people read it in messages. */
  public String label() {
    return owner.simpleName() + "." + methodName + "(" + from.type().simpleName() + ")";
  }
}
