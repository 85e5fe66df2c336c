package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class BrokerSmokeTest {
  @Test
  void brokerAnswers() throws Exception {
    try (Admin admin = TestBroker.shared().admin()) {
      assertThat(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)).hasSize(1);
    }
  }
}
