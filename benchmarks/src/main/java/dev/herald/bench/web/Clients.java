package dev.herald.bench.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Loopback WebSocket clients on Java's HttpClient that count the frames they receive: event frames
 * (CloudEvents, {@code {"specversion"…}}) and welcomes (any other frame, {@code {"kind"…}}).
 */
final class Clients implements AutoCloseable {

  private final AtomicLong received = new AtomicLong();
  private final AtomicLong welcomed = new AtomicLong();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final List<HttpClient> https = new ArrayList<>();

  Clients(URI uri, int count) {
    // A few HttpClients, each with its selector thread, rather than one for a thousand sockets.
    for (int i = 0; i < Math.min(4, count); i++) {
      https.add(HttpClient.newHttpClient());
    }
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      opening.add(https.get(i % https.size()).newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Counter()));
      if (opening.size() == 100) {
        opening.forEach(f -> sockets.add(f.orTimeout(30, TimeUnit.SECONDS).join()));
        opening.clear();
      }
    }
    opening.forEach(f -> sockets.add(f.orTimeout(30, TimeUnit.SECONDS).join()));
    // Each server says welcome once the client is among those it pushes to.
    await(welcomed, count);
  }

  long received() {
    return received.get();
  }

  /** Spins (parking briefly) until {@code total} event frames have arrived, or fails. */
  void awaitReceived(long total) {
    await(received, total);
  }

  private static void await(AtomicLong counter, long total) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (counter.get() < total) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("clients received " + counter.get() + " of " + total
            + " frames in 30 s; was one dropped?");
      }
      LockSupport.parkNanos(2_000);
    }
  }

  @Override
  public void close() {
    sockets.forEach(WebSocket::abort);
  }

  private final class Counter implements WebSocket.Listener {
    /** The first characters of the message being received, which may come in several parts. */
    private final StringBuilder head = new StringBuilder(3);

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      if (head.length() < 3) {
        head.append(data, 0, Math.min(data.length(), 3 - head.length()));
      }
      if (last) {
        // An event frame starts with {"specversion"; a control frame with {"kind".
        (head.length() == 3 && head.charAt(2) == 's' ? received : welcomed).incrementAndGet();
        head.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
