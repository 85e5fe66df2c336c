package dev.herald.runtime;

import java.util.List;

/** A registered listener object: one subscription per {@code @Subscribe} method. */
public interface Registration extends Subscription {

  /** The listener that was registered. */
  Object listener();

  /** One subscription per {@code @Subscribe} method, in source order. */
  List<Subscription> subscriptions();
}
