package io.shareledger.command.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishingConfig {

    /**
     * Replaces the extension's publisher (it backs off when this bean exists); its processor stays the
     * same. {@code shareledger.kafka.publish-in-batches=false} falls back to the extension's publisher.
     */
    @Bean
    @ConditionalOnProperty(name = "shareledger.kafka.publish-in-batches", havingValue = "true")
    KafkaPublisher<String, byte[]> kafkaPublisher(ProducerFactory<String, byte[]> producers,
                                                  KafkaMessageConverter<String, byte[]> converter,
                                                  SpanFactory spans,
                                                  KafkaProperties kafka,
                                                  @Value("${shareledger.kafka.topic}") String topic,
                                                  @Value("${shareledger.kafka.publisher-transactional-id-prefix}") String transactionalIdPrefix,
                                                  @Value("${shareledger.kafka.publish-batch-size}") int batchSize) {
        return new BatchPublisher<>(producers, converter, spans, topic, kafka.getPublisher().getProcessingGroup(),
                kafka.buildProducerProperties(), transactionalIdPrefix, new TopicTail(kafka.buildConsumerProperties()), batchSize);
    }

    /** The publishing processor's batch: events read from the store, and published, at once. */
    @Bean
    ConfigurerModule publishBatchSize(KafkaProperties kafka, @Value("${shareledger.kafka.publish-batch-size}") int batchSize) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                kafka.getPublisher().getProcessingGroup(),
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize));
    }
}
