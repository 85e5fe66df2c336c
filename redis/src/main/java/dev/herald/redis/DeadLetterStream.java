package dev.herald.redis;

import static dev.herald.redis.LetterFields.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.runtime.TransportException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The Redis side of a {@link RedisDeadLetterStore}: the stream {@code <namespace>:dead} of letter
 * entries and the hash {@code <namespace>:dead:ids} from letter id to entry id, kept in step by Lua
 * scripts. It knows entries and their fields, not what they mean; each call waits for Redis and
 * fails with a {@link TransportException} that names the stream and the server.
 */
final class DeadLetterStream {

  /** Entries read, and letters deleted, per round trip. */
  private static final int PAGE = 500;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Appends an entry, indexes its id and acknowledges the entry named, if any: all or nothing. */
  private static final String APPEND = """
      local entry = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 4))
      redis.call('HSET', KEYS[2], ARGV[1], entry)
      if ARGV[3] ~= '' then redis.call('XACK', KEYS[3], ARGV[2], ARGV[3]) end
      return entry
      """;
  private static final String DELETE = """
      local n = 0
      for i, letter in ipairs(ARGV) do
        local entry = redis.call('HGET', KEYS[2], letter)
        if entry then
          n = n + redis.call('XDEL', KEYS[1], entry)
          redis.call('HDEL', KEYS[2], letter)
        end
      end
      return n
      """;

  private final Connections connections;
  private final String stream;
  private final String index;

  DeadLetterStream(Connections connections, String namespace) {
    this.connections = connections;
    this.stream = namespace + ":dead";
    this.index = namespace + ":dead:ids";
  }

  /** The stream's key. */
  String name() {
    return stream;
  }

  /** Appends the entry of letter {@code letterId}. */
  void append(String letterId, Map<String, byte[]> fields) {
    append(letterId, fields, null, null, null);
  }

  /**
   * Appends the entry of letter {@code letterId} and, in the same script, acknowledges entry
   * {@code ackEntry} of {@code ackStream} for {@code ackGroup}, unless {@code ackEntry} is null.
   */
  void append(String letterId, Map<String, byte[]> fields, String ackStream, String ackGroup,
      String ackEntry) {
    List<byte[]> args = new ArrayList<>(3 + fields.size() * 2);
    args.add(bytes(letterId));
    args.add(bytes(ackGroup == null ? "" : ackGroup));
    args.add(bytes(ackEntry == null ? "" : ackEntry));
    fields.forEach((name, value) -> {
      args.add(bytes(name));
      args.add(value);
    });
    String[] keys = {stream, index, ackStream == null ? stream : ackStream};
    await(commands().<byte[]>eval(APPEND, ScriptOutputType.VALUE, keys,
        args.toArray(new byte[0][])), "dead-letter " + letterId);
  }

  /** The entry of letter {@code letterId}, if it is there. */
  Optional<StreamMessage<String, byte[]>> find(String letterId) {
    byte[] entry = await(commands().hget(index, letterId), "look up dead letter " + letterId);
    if (entry == null) {
      return Optional.empty();
    }
    String entryId = new String(entry, UTF_8);
    List<StreamMessage<String, byte[]>> found = await(
        commands().xrange(stream, Range.create(entryId, entryId)), "read dead letter " + letterId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Deletes the entries of these letters, {@value #PAGE} per script; returns how many. */
  long delete(List<String> letterIds) {
    long deleted = 0;
    for (int from = 0; from < letterIds.size(); from += PAGE) {
      List<String> chunk = letterIds.subList(from, Math.min(letterIds.size(), from + PAGE));
      Long n = await(commands().<Long>eval(DELETE, ScriptOutputType.INTEGER,
              new String[] {stream, index},
              chunk.stream().map(LetterFields::bytes).toArray(byte[][]::new)),
          "delete dead letters");
      deleted += n == null ? 0 : n;
    }
    return deleted;
  }

  /**
   * Calls {@code visitor} with each entry, oldest first, while it says true; reads {@value #PAGE}
   * entries per round trip.
   */
  void scan(Predicate<StreamMessage<String, byte[]>> visitor) {
    String from = "-";
    while (true) {
      List<StreamMessage<String, byte[]>> chunk = await(commands().xrange(stream,
          Range.create(from, "+"), Limit.from(PAGE)), "read dead letters");
      for (StreamMessage<String, byte[]> message : chunk) {
        if (!visitor.test(message)) {
          return;
        }
      }
      if (chunk.size() < PAGE) {
        return;
      }
      from = "(" + chunk.get(chunk.size() - 1).getId();
    }
  }

  private RedisAsyncCommands<String, byte[]> commands() {
    return connections.shared().async();
  }

  private <T> T await(RedisFuture<T> future, String what) {
    try {
      T value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      connections.up();
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while trying to " + what + " in " + stream, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      connections.down(String.valueOf(cause));
      throw new TransportException("Could not " + what + " in Redis stream " + stream + " at "
          + connections.where() + ": " + cause, cause);
    }
  }
}
