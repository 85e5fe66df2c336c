package dev.herald.redis;

import dev.herald.redis.it.Job;
import dev.herald.redis.it.Worker;
import dev.herald.runtime.EventBus;
import dev.herald.testservers.MultiProcessContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-process contract on a real redis-server: a group's consumers share its stream, and the
 * entries a dead one held are claimed by another after {@code claimIdle}.
 */
class MultiProcessTest extends MultiProcessContract {

  @RegisterExtension static final RedisServer redis = new RedisServer();

  /** Long enough that a loaded machine's slow batch is never claimed and handled twice. */
  private static final Duration NO_CLAIMS = Duration.ofSeconds(30);
  /** Short, for the test of claiming; it tolerates duplicates. */
  private static final Duration QUICK_CLAIMS = Duration.ofSeconds(1);

  MultiProcessTest() {
    super(Worker.class, Job::new);
  }

  @Override
  protected List<String> workerArguments(String group, String consumer, long handleMillis,
      Path handled, boolean quickTakeover) {
    Duration claimIdle = quickTakeover ? QUICK_CLAIMS : NO_CLAIMS;
    return List.of(redis.uri(), prefix, group, consumer, Long.toString(handleMillis),
        handled.toString(), Long.toString(claimIdle.toMillis()));
  }

  @Override
  protected EventBus publisher() {
    RedisTransport transport = RedisTransport.builder().uri(redis.uri()).namespace(prefix)
        .carries("job:*").consumes().build();
    return EventBus.builder().source("gateway").transport(transport).build().start();
  }

  /** The group's pending entries: read by a consumer, not yet acknowledged. */
  @Override
  protected long unsettled(String group) {
    return redis.commands().xpending(prefix + ":stream:job:queued", group).getCount();
  }
}
