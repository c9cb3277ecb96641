package io.shareledger.query.position;

import io.shareledger.api.member.ProfileChangedEvent;
import io.shareledger.query.support.IntegrationTest;
import io.shareledger.query.support.Scenario;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From the producer's acknowledgement to the read model's commit, at light load. The bound is
 * loose because build machines are shared; the measured values are logged.
 */
class ProjectionLatencyIT extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(ProjectionLatencyIT.class);

    @Autowired
    Positions positions;

    @Test
    void aPublishedEventIsProjectedQuickly() {
        Scenario story = new Scenario(events(), issuer());
        Scenario.Member member = story.register();
        String id = member.id().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> positions.last("member-profiles", id) >= 0);

        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long started = System.nanoTime();
            long version = story.publish(id, new ProfileChangedEvent(member.id(), "Name " + i, "n" + i + "@example.org"));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).pollDelay(Duration.ZERO)
                    .until(() -> positions.last("member-profiles", id) >= version);
            micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
        }
        Collections.sort(micros);
        long median = micros.get(micros.size() / 2);
        long p90 = micros.get(micros.size() * 9 / 10);
        log.info("Publish-to-projection latency over {} events: median {} ms, p90 {} ms, max {} ms", micros.size(),
                median / 1000.0, p90 / 1000.0, micros.get(micros.size() - 1) / 1000.0);
        assertThat(median).isLessThan(250_000);
    }
}
