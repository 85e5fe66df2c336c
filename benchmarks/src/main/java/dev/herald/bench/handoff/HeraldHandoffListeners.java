package dev.herald.bench.handoff;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.bench.payload.OrderPlaced;

/** Herald's asynchronous listeners, one per delivery mode. */
public final class HeraldHandoffListeners {

  private HeraldHandoffListeners() {}

  /** Runs on the bus's executor. */
  public static final class Async {
    @Subscribe(delivery = Delivery.ASYNC)
    public void on(OrderPlaced event) {
      Handled.handle(event);
    }
  }

  /** Runs first-in first-out per order id, in parallel across order ids. */
  public static final class Ordered {
    @Subscribe(delivery = Delivery.ORDERED)
    public void on(OrderPlaced event) {
      Handled.handle(event);
    }
  }

  /** Guava's asynchronous listener. */
  public static final class Guava {
    @com.google.common.eventbus.Subscribe
    public void on(OrderPlaced event) {
      Handled.handle(event);
    }
  }
}
