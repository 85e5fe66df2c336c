package dev.herald.spring.boot.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on 127.0.0.1 and a free port, without persistence; killed on
 * close. Needs Debian's redis-server on the PATH (or REDIS_SERVER naming it); .ci/run installs it.
 */
final class RedisServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RedisServerProcess start() {
    String executable = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
    int port = freePort();
    Process process;
    try {
      process = new ProcessBuilder(executable, "--port", String.valueOf(port), "--bind",
          "127.0.0.1", "--save", "", "--appendonly", "no")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + executable + " (" + e.getMessage()
          + "): install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER",
          e);
    }
    RedisServerProcess server = new RedisServerProcess(process, port);
    server.awaitAccepting(Duration.ofSeconds(10));
    return server;
  }

  int port() {
    return port;
  }

  /** XLEN of {@code key}. */
  long streamLength(String key) {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().xlen(key);
    } finally {
      client.shutdown();
    }
  }

  private void awaitAccepting(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start with " + process.exitValue());
      }
      try {
        new Socket("127.0.0.1", port).close();
        return;
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    close();
    throw new IllegalStateException("redis-server did not accept connections on port " + port
        + " within " + timeout);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free port for redis-server", e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
