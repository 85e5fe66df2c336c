package dev.herald.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes from the group the consumers idle longer than {@code removeIdleConsumersAfter} that hold
 * nothing pending: crashed or redeployed processes whose entries were claimed, whose names would
 * otherwise stay in {@code XINFO CONSUMERS} for good (every process has a new default name). The
 * check and the removal are one Lua script, because {@code XGROUP DELCONSUMER} drops a consumer's
 * pending entries with it: a consumer that takes an entry between a check and a removal would lose
 * it. A live consumer removed while quiet loses nothing, and Redis adds it back on its next read.
 */
final class StaleConsumers {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  /** KEYS[1] stream; ARGV group, this consumer (never removed), idle threshold in ms. */
  private static final String SWEEP = """
      local removed = {}
      for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
        local fields = {}
        for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
        if fields['name'] ~= ARGV[2] and fields['pending'] == 0
            and fields['idle'] >= tonumber(ARGV[3]) then
          redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
          removed[#removed + 1] = fields['name']
          removed[#removed + 1] = fields['idle']
        end
      end
      return removed
      """;

  private final TransportSettings settings;
  private final Membership membership;

  StaleConsumers(TransportSettings settings, Membership membership) {
    this.settings = settings;
    this.membership = membership;
  }

  /** Sweeps every consumed stream's group, logging each consumer removed. */
  void sweep(StatefulRedisConnection<String, byte[]> reader) {
    byte[][] args = {membership.group().getBytes(UTF_8), membership.consumer().getBytes(UTF_8),
        Long.toString(settings.removeIdleConsumersAfter.toMillis()).getBytes(UTF_8)};
    for (String stream : membership.streams()) {
      List<Object> removed = reader.sync().eval(SWEEP, ScriptOutputType.MULTI,
          new String[] {stream}, args);
      for (int i = 0; i + 1 < removed.size(); i += 2) {
        log.info("RedisTransport removed consumer {} from group {} on {}: idle for {} s and"
                + " holding nothing pending (a process that crashed or was replaced)",
            new String((byte[]) removed.get(i), UTF_8), membership.group(), stream,
            ((Long) removed.get(i + 1)) / 1000);
      }
    }
  }
}
