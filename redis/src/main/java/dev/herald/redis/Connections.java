package dev.herald.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The Redis connections of one transport (or store) and the health they report: a shared connection
 * for commands that return at once (Lettuce pipelines the callers' commands on it), and dedicated
 * ones for blocking reads and for the {@link Appender}'s batches. Connects lazily, so that a process may start while Redis is away.
 */
final class Connections implements AutoCloseable {

  /** Keys and field names as UTF-8 strings, values as bytes: entries carry JSON documents. */
  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final ClientResources resources;
  private final RedisURI uri;
  private final boolean ownsClient;
  private final String where;
  private final Clock clock;
  private final List<StatefulRedisConnection<String, byte[]>> opened = new ArrayList<>();
  private volatile StatefulRedisConnection<String, byte[]> shared;
  private volatile RedisHealth health;
  private volatile IntSupplier buffered = () -> 0;
  private volatile boolean closed;

  Connections(RedisClient client, RedisURI uri, boolean ownsClient, Clock clock) {
    this(client, null, uri, ownsClient, clock);
  }

  /** With {@code resources} of the transport's own, shut down after the client. */
  Connections(RedisClient client, ClientResources resources, RedisURI uri, boolean ownsClient,
      Clock clock) {
    this.client = client;
    this.resources = resources;
    this.uri = uri;
    this.ownsClient = ownsClient;
    this.where = uri != null ? describe(uri) : "the caller's RedisClient";
    this.clock = clock;
    this.health = new RedisHealth(RedisHealth.Status.DOWN, "not connected yet", clock.instant(), 0);
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        up();
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        // On Lettuce's event loop: never block here (close() waits for that loop).
        if (!closed) {
          down("connection to " + where + " lost; reconnecting");
        }
      }
    });
  }

  /**
   * The connections of a transport: through {@code callerClient} if given (the caller's options and
   * resources, not shut down here), else through a client of its own that reconnects with an
   * exponential backoff between these bounds and rejects commands while disconnected, so that
   * publishing fails within its timeout instead of queueing.
   */
  static Connections forTransport(RedisURI uri, RedisClient callerClient, Duration reconnectMin,
      Duration reconnectMax, Clock clock) {
    if (callerClient != null) {
      return new Connections(callerClient, null, uri, false, clock);
    }
    ClientResources resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(reconnectMin, reconnectMax, 2, TimeUnit.MILLISECONDS))
        .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return new Connections(client, resources, uri, true, clock);
  }

  /** Where Redis is, for messages: scheme, host, port and database, never credentials. */
  static String describe(RedisURI uri) {
    if (uri.getSocket() != null) {
      return "redis-socket://" + uri.getSocket();
    }
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/"
        + uri.getDatabase();
  }

  String where() {
    return where;
  }

  /** The shared connection, connecting first if need be; no lock once connected (every publish). */
  StatefulRedisConnection<String, byte[]> shared() {
    StatefulRedisConnection<String, byte[]> connection = shared;
    if (connection != null) {
      return connection;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (shared == null) {
        shared = open();
      }
      return shared;
    }
  }

  /** A connection of its own, e.g. for blocking reads; closed with the others. */
  synchronized StatefulRedisConnection<String, byte[]> dedicated() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    return open();
  }

  private StatefulRedisConnection<String, byte[]> open() {
    StatefulRedisConnection<String, byte[]> connection =
        uri != null ? client.connect(CODEC, uri) : client.connect(CODEC);
    opened.add(connection);
    up();
    return connection;
  }

  void buffered(IntSupplier count) {
    this.buffered = count;
  }

  void up() {
    RedisHealth now = health;
    if (now.status() != RedisHealth.Status.UP) {
      health = new RedisHealth(RedisHealth.Status.UP, "connected to " + where, clock.instant(),
          buffered.getAsInt());
    }
  }

  void down(String reason) {
    RedisHealth now = health;
    if (now.status() != RedisHealth.Status.CLOSED) {
      health = new RedisHealth(RedisHealth.Status.DOWN, reason,
          now.status() == RedisHealth.Status.DOWN ? now.since() : clock.instant(),
          buffered.getAsInt());
    }
  }

  RedisHealth health() {
    RedisHealth now = health;
    return new RedisHealth(now.status(), now.reason(), now.since(), buffered.getAsInt());
  }

  @Override
  public void close() {
    List<StatefulRedisConnection<String, byte[]>> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      health = new RedisHealth(RedisHealth.Status.CLOSED, "closed", clock.instant(),
          buffered.getAsInt());
      toClose = new ArrayList<>(opened);
      opened.clear();
      shared = null;
    }
    for (StatefulRedisConnection<String, byte[]> connection : toClose) {
      connection.close();
    }
    if (ownsClient) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
