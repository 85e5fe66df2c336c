package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

  @Test
  void commitsOnlyPastTheLongestSettledPrefix() {
    PartitionLedger ledger = new PartitionLedger();
    PartitionLedger.Pending ten = ledger.track(10);
    PartitionLedger.Pending eleven = ledger.track(11);
    PartitionLedger.Pending twelve = ledger.track(12);

    twelve.settle();
    assertThat(ledger.takeCommittable()).as("10 and 11 are still with the bus").isEqualTo(-1);
    assertThat(ledger.allSettled()).isFalse();
    assertThat(ledger.unsettled()).isEqualTo(2);

    ten.settle();
    assertThat(ledger.takeCommittable()).isEqualTo(11);
    assertThat(ledger.takeCommittable()).as("taken already").isEqualTo(-1);

    eleven.settle();
    assertThat(ledger.takeCommittable()).as("11 and 12 at once").isEqualTo(13);
    assertThat(ledger.allSettled()).isTrue();
  }

  @Test
  void offsetsNeedNotBeContiguous() {
    PartitionLedger ledger = new PartitionLedger();
    ledger.track(3).settle();
    ledger.track(7).settle(); // compacted away or transaction markers in between
    assertThat(ledger.takeCommittable()).isEqualTo(8);
  }
}
