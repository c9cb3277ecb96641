package io.shareledger.query.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Holds the service's readiness at start-up until every read model's processor has claimed its
 * segments and read the topic up to its end once, so that a fresh stack's first write is not the
 * one that waits for the consumers to connect, find the partitions and take their positions
 * (issue 10, cold start). Bounded by {@code shareledger.projections.start-timeout}: a broker that is
 * down or a long backlog must not keep the service from starting, since reads answer stale
 * (Projection-Stale) rather than not at all. An instance whose processors claim no segment (all
 * owned by another instance) waits out the timeout.
 */
@Component
class ReadModelsStarted implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReadModelsStarted.class);

    private final EventProcessingConfiguration processing;
    private final Duration timeout;

    ReadModelsStarted(EventProcessingConfiguration processing,
                      @Value("${shareledger.projections.start-timeout}") Duration timeout) {
        this.processing = processing;
        this.timeout = timeout;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!allCaughtUp()) {
            if (System.nanoTime() > deadline) {
                log.warn("Read models not caught up with the topic within {}; ready anyway, reads may answer stale", timeout);
                return;
            }
            Thread.sleep(50);
        }
        log.info("Read models caught up with the topic ({} ms)", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private boolean allCaughtUp() {
        List<StreamingEventProcessor> running = processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning).toList();
        return running.stream().allMatch(p -> !p.processingStatus().isEmpty()
                && p.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp));
    }
}
