package dev.payments.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payments.faults.check.ReplayCheck.Written;
import dev.payments.faults.check.ReplayCheck.WrittenDuring;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What the replay wrote to payments.completions, on hand-made records: see {@link ReplayCheck}. */
class ReplayCheckTest {

    private static final TopicPartition P0 = new TopicPartition("payments.completions", 0);
    private static final TopicPartition P1 = new TopicPartition("payments.completions", 1);
    private static final String ANOMALY = "payment.order.anomaly";
    private static final String COMPLETED = "payment.order.completed";

    /** Partition 0 held 3 records and partition 1 held 2 before the replay. */
    private static final Map<TopicPartition, Long> ENDS_BEFORE = Map.of(P0, 3L, P1, 2L);

    private static final List<Written> BEFORE = List.of(
            new Written(P0, 0, "o-1:completion", COMPLETED),
            new Written(P0, 1, "o-1:anomaly:DEPOSIT_REVERSED", ANOMALY),
            new Written(P0, 2, "o-3:completion", COMPLETED),
            new Written(P1, 0, "o-2:completion", COMPLETED),
            new Written(P1, 1, "o-2:refund:r1", "payment.refund.completed"));

    @Test
    void nothingWrittenDuringTheReplayIsNothingNew() {
        assertThat(ReplayCheck.writtenDuring(ENDS_BEFORE, BEFORE)).isEqualTo(new WrittenDuring(0, 0));
    }

    @Test
    void anAnomalyThePgStillReportsUnderAnIdWrittenBeforeIsCountedApart() {
        List<Written> written = concat(new Written(P0, 3, "o-1:anomaly:DEPOSIT_REVERSED", ANOMALY));
        assertThat(ReplayCheck.writtenDuring(ENDS_BEFORE, written)).isEqualTo(new WrittenDuring(0, 1));
    }

    @Test
    void aCompletionWrittenAgainOrAnAnomalyUnderANewIdIsNew() {
        List<Written> written = concat(
                // the same id as before, but a completion: the replay re-decided an event
                new Written(P0, 3, "o-1:completion", COMPLETED),
                new Written(P1, 2, "o-2:anomaly:DEPOSIT_REVERSED", ANOMALY),
                new Written(P1, 3, "o-2:refund:r1", "payment.refund.completed"));
        assertThat(ReplayCheck.writtenDuring(ENDS_BEFORE, written)).isEqualTo(new WrittenDuring(3, 0));
    }

    @Test
    void aPartitionEmptyBeforeTheReplayHoldsOnlyNewRecords() {
        TopicPartition p2 = new TopicPartition("payments.completions", 2);
        List<Written> written = concat(new Written(p2, 0, "o-1:anomaly:DEPOSIT_REVERSED", ANOMALY));
        assertThat(ReplayCheck.writtenDuring(ENDS_BEFORE, written))
                .as("an id written before on another partition is still an id written before")
                .isEqualTo(new WrittenDuring(0, 1));
    }

    private static List<Written> concat(Written... during) {
        return Stream.concat(BEFORE.stream(), Stream.of(during)).toList();
    }
}
