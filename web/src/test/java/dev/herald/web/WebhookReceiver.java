package dev.herald.web;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A webhook receiver on a plain Jetty server: verifies each request's signature (401 if bad),
 * keeps what it accepted, and answers with the status it is told to, e.g. 503 on demand.
 */
final class WebhookReceiver implements AutoCloseable {

  /** A request as received. */
  record Received(Map<String, String> headers, String body) {}

  final List<Received> accepted = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger badSignatures = new AtomicInteger();
  /** The status of the next answers; 200 unless a test says otherwise. */
  final AtomicInteger status = new AtomicInteger(200);
  /** How many of the next requests fail with 503 before {@link #status} applies again. */
  final AtomicInteger failNext = new AtomicInteger();
  private final WebhookVerifier verifier;
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  WebhookReceiver(String secret) {
    this.verifier = WebhookVerifier.of(secret);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        requests.incrementAndGet();
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
          body = in.readAllBytes();
        }
        int answer;
        if (!verifier.isValid(request.getHeaders().get(WebhookSignature.HEADER), body)) {
          badSignatures.incrementAndGet();
          answer = 401;
        } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          answer = 503;
        } else {
          answer = status.get();
        }
        if (answer / 100 == 2) {
          Map<String, String> headers = new LinkedHashMap<>();
          for (HttpField field : request.getHeaders()) {
            headers.put(field.getLowerCaseName(), field.getValue());
          }
          accepted.add(new Received(headers, new String(body, StandardCharsets.UTF_8)));
        }
        response.setStatus(answer);
        response.write(true, ByteBuffer.wrap(("status " + answer).getBytes()), callback);
        return true;
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the receiver did not start", e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/hooks");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the receiver did not stop", e);
    }
  }
}
