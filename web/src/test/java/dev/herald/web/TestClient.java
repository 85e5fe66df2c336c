package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client on Java's {@link HttpClient} that keeps every text frame it receives, read as
 * a flat map of its top-level fields ({@code data} kept as raw JSON).
 */
final class TestClient implements WebSocket.Listener {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final LinkedBlockingQueue<Map<String, String>> frames = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  final AtomicInteger pings = new AtomicInteger();
  private final boolean reading;
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private TestClient(boolean reading) {
    this.reading = reading;
  }

  static TestClient connect(URI uri, String token) {
    return open(uri, token, true);
  }

  /** A client that reads nothing until {@link #startReading()}: a slow client. */
  static TestClient connectNotReading(URI uri, String token) {
    return open(uri, token, false);
  }

  static CompletableFuture<WebSocket> attempt(URI uri, String token, TestClient client) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.buildAsync(uri, client);
  }

  private static TestClient open(URI uri, String token, boolean reading) {
    TestClient client = new TestClient(reading);
    client.socket = attempt(uri, token, client).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
    return client;
  }

  static TestClient unconnected() {
    return new TestClient(true);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (reading) {
      webSocket.request(Long.MAX_VALUE);
    }
  }

  void startReading() {
    socket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      frames.add(parse(partial.toString()));
      partial.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    pings.incrementAndGet();
    return WebSocket.Listener.super.onPing(webSocket, message);
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
    socket.abort();
  }

  void abort() {
    socket.abort();
  }

  /** The next frame, or a failure naming what was awaited. */
  Map<String, String> next(String what) {
    try {
      Map<String, String> frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        fail("no frame within " + WAIT + " while waiting for " + what);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame, which must be of {@code kind}. */
  Map<String, String> expect(String kind) {
    Map<String, String> frame = next(kind);
    assertThat(frame.get("kind")).as("frame %s", frame).isEqualTo(kind);
    return frame;
  }

  /** The next frame, which must be an event (a CloudEvent) of {@code type}. */
  Map<String, String> expectEvent(String type) {
    Map<String, String> frame = next(type);
    assertThat(frame).as("frame %s", frame).containsEntry("type", type)
        .containsKey("specversion");
    return frame;
  }

  /** Reads frames until an event (skipping nothing else), up to {@code count}. */
  List<Map<String, String>> events(int count) {
    List<Map<String, String>> events = new ArrayList<>();
    while (events.size() < count) {
      Map<String, String> frame = next("event " + (events.size() + 1) + " of " + count);
      if (frame.containsKey("specversion")) {
        events.add(frame);
      } else if ("resume-failed".equals(frame.get("kind"))) {
        fail("resume failed while waiting for events: " + frame);
      }
    }
    return events;
  }

  /** Whether no frame arrives within {@code quiet}. */
  boolean silentFor(Duration quiet) throws InterruptedException {
    return frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  static Map<String, String> parse(String json) {
    Map<String, String> fields = new LinkedHashMap<>();
    try (JsonParser parser = Frames.JSON.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        if (token.isStructStart()) {
          long start = parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          long end = parser.currentTokenLocation().getCharOffset() + 1;
          fields.put(name, json.substring((int) start, (int) end));
        } else {
          fields.put(name, parser.getText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(json, e);
    }
    return fields;
  }
}
