package dev.herald.processor.model;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;

/**
 * One validated {@code @Event} record.
 *
 * @param orderingKey the name of the {@code @OrderingKey} component, or {@code null}
 * @param description the first sentence of the record's Javadoc, or the empty string
 * @param priority the default priority of its asynchronous deliveries
 */
public record EventModel(
    TypeElement element,
    ClassName type,
    String name,
    int version,
    boolean critical,
    boolean persist,
    boolean logPayload,
    String orderingKey,
    String description,
    String constantName,
    int priority) {

  /** {@code "message:received" v1} as people read it in messages. */
  public String label() {
    return "\"" + name + "\" v" + version;
  }
}
