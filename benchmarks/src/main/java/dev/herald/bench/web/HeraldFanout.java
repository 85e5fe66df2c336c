package dev.herald.bench.web;

import dev.herald.bench.payload.OrderPlaced;
import dev.herald.bench.payload.Samples;
import dev.herald.runtime.EventBus;
import dev.herald.web.Authenticator;
import dev.herald.web.HeraldWebServer;
import dev.herald.web.WebBridge;
import dev.herald.web.WebPrincipal;
import java.net.URI;
import java.util.Optional;

/** Herald's way: publish on the bus; the web bridge pushes the event to its clients. */
final class HeraldFanout implements Fanout {

  private final EventBus bus = EventBus.builder().source("bench").metrics(false).build();
  private final OrderPlaced[] orders = new OrderPlaced[1024];
  private final HeraldWebServer server;

  HeraldFanout() {
    for (int i = 0; i < orders.length; i++) {
      orders[i] = Samples.order(i);
    }
    // Sees sensitive data, so that the bridge writes the same document as the bare server.
    WebPrincipal reader = WebPrincipal.of("bench", null).seeingSensitive();
    WebBridge bridge = WebBridge.builder(bus)
        .outbound(bus.keyOf(OrderPlaced.class).orElseThrow())
        .authenticator(Authenticator.bearer(token -> Optional.of(reader)))
        .buffer(4096, dev.herald.web.SlowClientPolicy.DROP_OLDEST)
        .build();
    server = HeraldWebServer.builder().port(0).maxThreads(16).bridge("/events", bridge).start();
  }

  @Override
  public void publish(int sequence) {
    bus.publish(orders[sequence & (orders.length - 1)]);
  }

  @Override
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + server.port() + "/events?access_token=bench");
  }

  @Override
  public void close() {
    server.close();
    bus.close();
  }
}
