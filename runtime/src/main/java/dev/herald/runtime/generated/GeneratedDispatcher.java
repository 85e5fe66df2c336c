package dev.herald.runtime.generated;

import dev.herald.runtime.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What every generated dispatcher has in common: its listener class and its methods, numbered in
 * the order given. A generated {@code <Listener>_HeraldDispatcher} passes them to this constructor
 * and implements only {@link #invoke}, its one {@code switch} of plain, statically typed calls.
 *
 * @param <L> the listener class
 */
public abstract class GeneratedDispatcher<L> implements ListenerDispatcher<L> {

  private final Class<L> listenerType;
  private final List<ListenerMethod<L>> methods;

  /**
   * Completes each description with {@link ListenerMethod.Builder#invokes(ListenerDispatcher, int)
   * invokes(this, n)}, {@code n} being its position in {@code methods}: the number
   * {@link #invoke} switches on.
   *
   * @param listenerType the class whose {@code @Subscribe} methods the dispatcher calls
   * @param methods its {@code @Subscribe} methods, in source order, as {@link #payload} and
   *     {@link #envelope} start them (a builder holds nothing of the listener type until
   *     {@code invokes} binds it to this dispatcher)
   */
  // The invokers only keep this dispatcher; none calls it before the constructor returns, and
  // generated subclasses have no fields of their own.
  @SuppressWarnings({"this-escape", "unchecked"})
  protected GeneratedDispatcher(Class<L> listenerType, ListenerMethod.Builder<?>... methods) {
    this.listenerType = Objects.requireNonNull(listenerType, "listenerType");
    List<ListenerMethod<L>> described = new ArrayList<>(methods.length);
    for (int i = 0; i < methods.length; i++) {
      described.add(((ListenerMethod.Builder<L>) methods[i]).invokes(this, i));
    }
    this.methods = List.copyOf(described);
  }

  /**
   * Starts describing a method that takes the payload: short for {@link ListenerMethod#named
   * ListenerMethod.named(name, PAYLOAD)}, so that each dispatcher compiles less.
   *
   * @param name the method as people read it, e.g. {@code on(MessageReceived)}
   */
  protected static ListenerMethod.Builder<Object> payload(String name) {
    return ListenerMethod.named(name, ListenerMethod.Parameter.PAYLOAD);
  }

  /**
   * Starts describing a method that takes the envelope (or a batch of them): short for
   * {@link ListenerMethod#named ListenerMethod.named(name, ENVELOPE)}.
   *
   * @param name the method as people read it, e.g. {@code on(Envelope<MessageReceived>)}
   */
  protected static ListenerMethod.Builder<Object> envelope(String name) {
    return ListenerMethod.named(name, ListenerMethod.Parameter.ENVELOPE);
  }

  @Override
  public final Class<L> listenerType() {
    return listenerType;
  }

  @Override
  public final List<ListenerMethod<L>> methods() {
    return methods;
  }

  /** Required here: a generated dispatcher always has its own {@code switch}. */
  @Override
  public abstract CompletionStage<?> invoke(int method, L listener, Envelope<?> envelope)
      throws Exception;
}
