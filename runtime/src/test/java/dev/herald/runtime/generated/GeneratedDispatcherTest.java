package dev.herald.runtime.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.runtime.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The base of generated dispatchers numbers the methods it is given and routes to the switch. */
class GeneratedDispatcherTest {

  record Placed(String id) {}

  record Shipped(String id) {}

  static final class Desk {
    final List<String> calls = new ArrayList<>();
  }

  /** Shaped as the processor writes one. */
  static final class Desk_HeraldDispatcher extends GeneratedDispatcher<Desk> {
    static final Desk_HeraldDispatcher INSTANCE = new Desk_HeraldDispatcher();
    static final CompletableFuture<Void> SHIPPED = CompletableFuture.completedFuture(null);

    private Desk_HeraldDispatcher() {
      super(Desk.class,
          ListenerMethod.<Desk>named("placed(Placed)", ListenerMethod.Parameter.PAYLOAD)
              .hears(Placed.class),
          ListenerMethod.<Desk>named("shipped(Shipped)", ListenerMethod.Parameter.PAYLOAD)
              .hears(Shipped.class)
              .priority(5));
    }

    @Override
    public CompletionStage<?> invoke(int method, Desk listener, Envelope<?> envelope) {
      switch (method) {
        case 0 -> listener.calls.add("placed");
        case 1 -> {
          listener.calls.add("shipped");
          return SHIPPED;
        }
        default -> throw noSuchMethod(method);
      }
      return null;
    }
  }

  @Test
  void describesTheListenerAndItsMethodsInTheOrderGiven() {
    Desk_HeraldDispatcher dispatcher = Desk_HeraldDispatcher.INSTANCE;
    assertThat(dispatcher.listenerType()).isEqualTo(Desk.class);
    assertThat(dispatcher.methods()).extracting(ListenerMethod::name)
        .containsExactly("placed(Placed)", "shipped(Shipped)");
    assertThat(dispatcher.methods().get(1).priority()).isEqualTo(5);
    assertThatThrownBy(() -> dispatcher.methods().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void eachMethodsInvokerCallsTheSwitchWithItsPosition() throws Exception {
    Desk desk = new Desk();
    List<ListenerMethod<Desk>> methods = Desk_HeraldDispatcher.INSTANCE.methods();

    // The switch reads only the method number here, so no envelope is needed.
    Object shipped = methods.get(1).invoker().invoke(desk, null);
    Object placed = methods.get(0).invoker().invoke(desk, null);

    assertThat(desk.calls).containsExactly("shipped", "placed");
    assertThat(placed).isNull();
    assertThat(shipped).isSameAs(Desk_HeraldDispatcher.SHIPPED);
  }
}
