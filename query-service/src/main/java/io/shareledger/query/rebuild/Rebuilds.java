package io.shareledger.query.rebuild;

import io.shareledger.query.keys.BatchKeys;
import io.shareledger.query.readmodel.BatchApplier;
import io.shareledger.query.readmodel.ReadModel;
import io.shareledger.query.readmodel.ReadModelSchemas;
import jakarta.annotation.PreDestroy;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts, cancels and resumes rebuilds. The registry row is the lock across instances: a rebuild
 * is started only if none is running, and it belongs to the instance that started it for as long
 * as that instance's heartbeat (every report interval) is fresh. A rebuild whose owner stopped
 * beating (killed, or shut down) is adopted by the first instance that notices, which resumes it
 * from the offsets stored with its last committed batch.
 */
@Component
class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);

    private final String instance = UUID.randomUUID().toString();
    private final Map<ReadModel, BatchApplier> appliers;
    private final Registry registry;
    private final ReadModelSchemas schemas;
    private final TransactionTemplate transactions;
    private final RebuildRunner.Context context;
    private final Duration heartbeatTimeout;
    private final Map<ReadModel, RebuildRunner> running = new EnumMap<>(ReadModel.class);
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "read-model-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean ready = new AtomicBoolean();

    @SuppressWarnings("java:S107")
    Rebuilds(List<BatchApplier> appliers, Registry registry, ReadModelSchemas schemas, LiveTokens liveTokens,
             EventTopic topic, KafkaMessageConverter<?, ?> converter, BatchKeys keys,
             PlatformTransactionManager transactionManager,
             @Value("${shareledger.rebuild.batch-size:1000}") int batchSize,
             @Value("${shareledger.rebuild.report-interval:5s}") Duration reportInterval,
             @Value("${shareledger.rebuild.heartbeat-timeout:15s}") Duration heartbeatTimeout,
             @Value("${shareledger.rebuild.switch-timeout:10s}") Duration switchTimeout) {
        this.appliers = appliers.stream().collect(Collectors.toMap(BatchApplier::readModel, Function.identity(),
                (a, b) -> a, () -> new EnumMap<>(ReadModel.class)));
        this.registry = registry;
        this.schemas = schemas;
        this.transactions = new TransactionTemplate(transactionManager);
        this.heartbeatTimeout = heartbeatTimeout;
        this.context = new RebuildRunner.Context(topic, recordConverter(converter), keys, schemas, registry, liveTokens,
                transactions, batchSize, reportInterval, switchTimeout);
    }

    /** The live source's converter; the topic's records are String keys and byte[] values (EventTopic). */
    @SuppressWarnings("unchecked")
    private static KafkaMessageConverter<String, byte[]> recordConverter(KafkaMessageConverter<?, ?> converter) {
        return (KafkaMessageConverter<String, byte[]>) converter;
    }

    /** Starts a rebuild of the read model. @return false if one is running (here or on another instance) */
    boolean start(ReadModel model) {
        String owner = owner();
        Optional<Integer> target = transactions.execute(status -> {
            Optional<Integer> started = registry.start(model, owner);
            started.ifPresent(version -> {
                registry.deleteOffsets(model);
                // a leftover of a failed or cancelled rebuild may hold the name
                schemas.drop(model, version);
                schemas.create(model, version);
            });
            return started;
        });
        target.ifPresent(version -> run(model, version, owner));
        return target.isPresent();
    }

    /** Cancels the running rebuild and drops what it built. @return false if none was running */
    boolean cancel(ReadModel model) {
        synchronized (running) {
            RebuildRunner runner = running.get(model);
            if (runner != null) {
                runner.stop();
            }
        }
        Optional<Integer> cancelled = transactions.execute(status -> {
            Optional<Integer> target = registry.cancel(model);
            target.ifPresent(version -> {
                schemas.drop(model, version);
                registry.deleteOffsets(model);
            });
            return target;
        });
        cancelled.ifPresent(version -> log.info("Rebuild of {} into version {} cancelled", model.modelName(), version));
        return cancelled.isPresent();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        ready.set(true);
        adoptOrphans();
    }

    /** Resumes the running rebuilds whose owner stopped beating, this instance's predecessor included. */
    @Scheduled(fixedDelayString = "${shareledger.rebuild.adopt-interval:5s}", initialDelayString = "${shareledger.rebuild.adopt-interval:5s}")
    void adoptOrphans() {
        if (!ready.get()) {
            return;
        }
        for (ReadModel model : ReadModel.values()) {
            synchronized (running) {
                if (running.containsKey(model)) {
                    continue;
                }
            }
            String owner = owner();
            transactions.execute(status -> registry.adopt(model, owner, heartbeatTimeout)).ifPresent(row -> {
                log.info("Resuming the rebuild of {} into version {} (its owner stopped)", model.modelName(), row.targetVersion());
                if (!transactions.execute(s -> schemas.exists(model, row.targetVersion()))) {
                    transactions.executeWithoutResult(s -> {
                        registry.deleteOffsets(model);
                        schemas.create(model, row.targetVersion());
                    });
                }
                run(model, row.targetVersion(), owner);
            });
        }
    }

    /**
     * Who runs a rebuild: this instance, and this run of it. A runner of this instance that was
     * stopped but is still finishing a batch must not pass for the owner of a rebuild started after it.
     */
    private String owner() {
        return instance + "/" + UUID.randomUUID();
    }

    private void run(ReadModel model, int version, String owner) {
        RebuildRunner runner = new RebuildRunner(model, appliers.get(model), version, owner, context);
        synchronized (running) {
            running.put(model, runner);
        }
        executor.execute(() -> {
            try {
                runner.run();
            } finally {
                synchronized (running) {
                    running.remove(model, runner);
                }
            }
        });
    }

    /** A stopped runner leaves its rebuild RUNNING: another instance, or this one restarted, resumes it. */
    @PreDestroy
    void stopAll() throws InterruptedException {
        synchronized (running) {
            running.values().forEach(RebuildRunner::stop);
        }
        executor.shutdown();
        // a runner finishes its current batch (or the rollback of its switch) while the database is still there
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
