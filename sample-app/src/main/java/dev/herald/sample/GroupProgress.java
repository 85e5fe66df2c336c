package dev.herald.sample;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * Watches a consumer group's progress on one stream, on a Redis connection of its own: whether the
 * group has read every entry up to a given one and acknowledged each (handled it, or dead-lettered
 * it). Which instance of the group did so does not matter, so an instance can tell that the entries
 * it published were handled without knowing the other instances.
 */
final class GroupProgress implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  GroupProgress(String uri) {
    this.client = RedisClient.create(RedisURI.create(uri));
    this.connection = client.connect();
  }

  /** The id of the stream's newest entry, or {@code null} if it has none. */
  String newestEntry(String stream) {
    List<StreamMessage<String, String>> newest = commands().xrevrange(stream, Range.unbounded(),
        Limit.from(1));
    return newest.isEmpty() ? null : newest.get(0).getId();
  }

  /**
   * Whether {@code group} has read every entry of {@code stream} up to {@code entry} and none of
   * them is still pending (delivered but not yet acknowledged).
   */
  boolean handledUpTo(String stream, String group, String entry) {
    RedisCommands<String, String> redis = commands();
    String delivered = lastDelivered(redis.xinfoGroups(stream), group);
    if (delivered == null || compare(delivered, entry) < 0) {
      return false;
    }
    return redis.xpending(stream, group, Range.create("-", entry), Limit.from(1)).isEmpty();
  }

  /**
   * Waits until the group has handled every entry of the stream up to its newest one now.
   *
   * @return whether it did within {@code limit}
   */
  boolean awaitHandled(String stream, String group, Duration limit) throws InterruptedException {
    String newest = newestEntry(stream);
    if (newest == null) {
      return true;
    }
    long deadline = System.nanoTime() + limit.toNanos();
    while (!handledUpTo(stream, group, newest)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20); // polling Redis; the condition, not the sleep, decides
    }
    return true;
  }

  private RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /** The group's last-delivered-id in an XINFO GROUPS reply (name/value pairs per group). */
  private static String lastDelivered(List<Object> groups, String group) {
    for (Object item : groups) {
      List<?> fields = (List<?>) item;
      String name = null;
      String delivered = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String key = String.valueOf(fields.get(i));
        if (key.equals("name")) {
          name = String.valueOf(fields.get(i + 1));
        } else if (key.equals("last-delivered-id")) {
          delivered = String.valueOf(fields.get(i + 1));
        }
      }
      if (group.equals(name)) {
        return delivered;
      }
    }
    return null;
  }

  /** Compares stream entry ids ({@code <millis>-<sequence>}) in stream order. */
  static int compare(String a, String b) {
    String[] x = a.split("-", 2);
    String[] y = b.split("-", 2);
    int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
