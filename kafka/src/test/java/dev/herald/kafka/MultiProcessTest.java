package dev.herald.kafka;

import dev.herald.kafka.it.Job;
import dev.herald.kafka.it.Worker;
import dev.herald.runtime.EventBus;
import dev.herald.testservers.MultiProcessContract;
import dev.herald.testservers.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The multi-process contract on one real broker: a group's consumers share its partitions, a dead
 * instance's uncommitted records go to the others once its session expired.
 */
class MultiProcessTest extends MultiProcessContract {

  private static final TestBroker broker = TestBroker.shared();

  private Admin admin;

  MultiProcessTest() {
    super(Worker.class, Job::new);
  }

  @BeforeEach
  void admin() {
    admin = broker.admin();
  }

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  @Override
  protected List<String> workerArguments(String group, String instance, long handleMillis,
      Path handled, boolean quickTakeover) {
    return List.of(broker.bootstrapServers(), prefix, group, instance,
        Long.toString(handleMillis), handled.toString());
  }

  @Override
  protected EventBus publisher() {
    KafkaTransport transport = KafkaTransport.builder().bootstrapServers(broker.bootstrapServers())
        .topicPrefix(prefix).carries("job:*").consumes().build();
    return EventBus.builder().source("gateway").transport(transport).build().start();
  }

  /** The records the group has not committed. */
  @Override
  protected long unsettled(String group) {
    return Groups.lag(admin, group, prefix + ".job.queued");
  }

  /** Until the group is stable with that many members, each assigned partitions. */
  @Override
  protected void awaitMembers(String group, int instances) {
    Groups.awaitStable(admin, group, instances, Duration.ofSeconds(60));
  }
}
