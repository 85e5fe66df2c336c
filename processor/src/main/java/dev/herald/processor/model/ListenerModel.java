package dev.herald.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** A class with valid {@code @Subscribe} methods, in source order, and its dispatcher's name. */
public record ListenerModel(
    TypeElement element, ClassName type, ClassName dispatcher, List<SubscriberModel> subscribers) {

  /**
   * The dispatcher's name: the listener's simple names joined by {@code _} plus
   * {@code _HeraldDispatcher}, in the listener's package ({@code Hotel.Desk} gets
   * {@code Hotel_Desk_HeraldDispatcher}).
   */
  public static ClassName dispatcherName(ClassName listener) {
    return ClassName.get(
        listener.packageName(), String.join("_", listener.simpleNames()) + "_HeraldDispatcher");
  }
}
