package dev.herald.bench.web;

/** What a benchmarked server does: push one event to every connected client. */
interface Fanout extends AutoCloseable {

  /** Publishes one event; every client will receive it as one CloudEvents JSON text frame. */
  void publish(int sequence);

  /** The WebSocket URI clients connect to. */
  java.net.URI uri();

  @Override
  void close();
}
