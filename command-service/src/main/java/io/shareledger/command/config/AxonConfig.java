package io.shareledger.command.config;

import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.command.keys.DataKeyShredder;
import io.shareledger.command.keys.KeyVault;
import io.shareledger.command.share.ShareRevocationSaga;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /** The directory must fail the command whose event it cannot record (see MemberDirectoryProjection). */
    private static final String MEMBER_DIRECTORY = "member-directory";

    /**
     * One Jackson wire format for events, messages, snapshots, tokens, sagas and Kafka, shared with
     * the query side, with every personal field encrypted under its subject's key from the vault.
     * Kept apart from Spring MVC's ObjectMapper, which is strict about unknown request fields.
     * One instance for every role: an event read from the store is then published with its stored
     * bytes, not re-encrypted.
     */
    @Bean
    @Primary
    Serializer serializer(KeyVault keys) {
        return ShareLedgerSerializer.encrypting(keys);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * The member directory and the key shredder run in the command's transaction and fail it
     * when they fail: a forgotten member's key is destroyed exactly when MemberForgottenEvent is stored.
     */
    @Bean
    ConfigurerModule inTransactionProcessorsPropagateErrors() {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String group : new String[] {MEMBER_DIRECTORY, DataKeyShredder.PROCESSING_GROUP}) {
                processing.registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                        .registerSubscribingEventProcessor(group);
            }
        });
    }

    /**
     * The share-revocation saga reads every stored event. One event per transaction (Axon's
     * default) made it fall behind under load, since each event cost a transaction and a token
     * write; a batch is one transaction and one token update. A failed revocation fails the event
     * (Axon's default would log it and move on): the batch rolls back, revocations included, and
     * the processor retries it from its token, so no revocation is lost or made twice.
     */
    @Bean
    ConfigurerModule shareRevocationInBatchesRetryingFailures(@Value("${shareledger.sagas.batch-size}") int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(ShareRevocationSaga.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessorConfiguration(ShareRevocationSaga.PROCESSING_GROUP,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize)));
    }

    /** Members accumulate consent events for years: a snapshot bounds what loading one reads. */
    @Bean
    SnapshotTriggerDefinition memberSnapshotTrigger(Snapshotter snapshotter,
                                                    @Value("${shareledger.snapshots.member-threshold}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
