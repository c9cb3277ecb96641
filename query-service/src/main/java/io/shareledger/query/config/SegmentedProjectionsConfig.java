package io.shareledger.query.config;

import io.shareledger.query.readmodel.ReadModel;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The read models' pooled streaming processors when {@code shareledger.projections.segments} is
 * above 1 ({@link ProjectionSegments}).
 */
@Configuration(proxyBeanMethods = false)
class SegmentedProjectionsConfig {

    /**
     * Axon's JPA token store as its auto-configuration makes it, except that
     * {@code shareledger.projections.token-owner}, when set, names this instance in its claims. By
     * default the owner is Axon's, the JVM's name (pid@host), which differs between processes;
     * instances inside one JVM (tests) need names of their own, or each would take the other's
     * claims as its own.
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout}") Duration claimTimeout,
                          @Value("${shareledger.projections.token-owner:}") String owner) {
        JpaTokenStore.Builder builder = JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(claimTimeout);
        if (!owner.isBlank()) {
            builder.nodeId(owner);
        }
        return builder.build();
    }

    /** The source the pooled processors name (every partition in every token). */
    @Bean
    AllPartitionsSource allPartitionsKafkaSource(StreamableKafkaMessageSource<String, byte[]> streamableKafkaMessageSource,
                                                 ConsumerFactory<String, byte[]> consumerFactory,
                                                 KafkaProperties properties) {
        return new AllPartitionsSource(streamableKafkaMessageSource, consumerFactory, properties.getDefaultTopic());
    }

    /**
     * What the processor properties cannot set: a first token at the start of every partition
     * (not the pooled processor's default, a replay token up to the head), claims extended every
     * second (the default, 5 s, equals the claim timeout, so other instances would take the segments
     * of a live instance), and at most {@code max-segments-per-instance} segments per instance.
     */
    @Bean
    @ConditionalOnExpression("${shareledger.projections.segments:1} > 1")
    ConfigurerModule segmentedProjections(
            @Value("${shareledger.projections.segments}") int segments,
            @Value("${shareledger.projections.max-segments-per-instance:${shareledger.projections.segments}}") int maxPerInstance) {
        return configurer -> {
            for (ReadModel model : ReadModel.values()) {
                configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(model.modelName(),
                        (config, builder) -> builder
                                .initialToken(StreamableMessageSource::createTailToken)
                                .claimExtensionThreshold(1000)
                                .maxClaimedSegments(Math.min(segments, maxPerInstance)));
            }
        };
    }
}
