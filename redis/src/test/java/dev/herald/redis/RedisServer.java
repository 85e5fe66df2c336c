package dev.herald.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for a test class, on 127.0.0.1 and a free port, without persistence:
 * started before the class's tests, killed after them. If {@code redis-server} is not installed the
 * tests fail, saying how to install it: they are the point of this module and must not be skipped
 * silently.
 *
 * <pre>{@code @RegisterExtension static final RedisServer redis = new RedisServer();}</pre>
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private int port;
  private Process process;
  private Path log;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = freePort();
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (connection != null) {
      connection.close();
      client.shutdown();
    }
    stop();
  }

  /** Starts the server (again) on its port; returns once it answers PING. */
  public synchronized void start() throws IOException, InterruptedException {
    String binary = findBinary();
    log = Files.createTempFile("redis-" + port + "-", ".log");
    process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "yes")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!ping()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue()
            + " before answering on port " + port + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not answer PING on port " + port
            + " within " + STARTUP + ":\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
  }

  /** Kills the server (SIGKILL): it loses everything, as a crashed Redis without persistence. */
  public synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Commands on a connection of the test's own, for setting up and checking. */
  public synchronized RedisCommands<String, String> commands() {
    if (connection == null) {
      client = RedisClient.create(RedisURI.create(uri()));
      connection = client.connect();
    }
    return connection.sync();
  }

  private boolean ping() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int read = socket.getInputStream().read(reply);
      return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  static String findBinary() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && new File(configured).canExecute()) {
      return configured;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server",
        "/usr/sbin/redis-server")) {
      if (new File(candidate).canExecute()) {
        return candidate;
      }
    }
    throw new IllegalStateException("The herald-redis tests need a real redis-server, and none is on"
        + " the PATH. Install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install"
        + " redis) or point REDIS_SERVER at the binary. .ci/run installs it.");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
