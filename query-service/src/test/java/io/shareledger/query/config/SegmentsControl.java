package io.shareledger.query.config;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * Negative controls of {@code SegmentsIT} (ADR 0019), given to a service with
 * {@code --spring.main.sources} and bean overriding: the pooled processors' source without one of
 * the conditions their exactness rests on: the extension's default buffer. Never part of the service.
 */
public final class SegmentsControl {

    private SegmentsControl() {
    }

    /**
     * The extension's default buffer, which hands events on by record timestamp (condition 1). Not a
     * {@code @Configuration}, so that the service's component scan does not find it: bean methods of a
     * plain class given as a source are read all the same.
     */
    public static class TimestampOrder {

        @Bean
        AllPartitionsSource allPartitionsKafkaSource(KafkaProperties properties,
                                                     @Qualifier("eventSerializer") Serializer eventSerializer,
                                                     ConsumerFactory<String, byte[]> consumerFactory,
                                                     Fetcher<String, byte[], KafkaEventMessage> fetcher,
                                                     KafkaMessageConverter<String, byte[]> converter) {
            LoggerFactory.getLogger(SegmentsControl.class).warn("Negative control: the pooled processors' source sorts by timestamp");
            StreamableKafkaMessageSource<String, byte[]> sorted = StreamableKafkaMessageSource.<String, byte[]>builder()
                    .topics(List.of(properties.getDefaultTopic()))
                    .serializer(eventSerializer)
                    .consumerFactory(consumerFactory)
                    .fetcher(fetcher)
                    .messageConverter(converter)
                    .build();
            return new AllPartitionsSource(sorted, consumerFactory, properties.getDefaultTopic());
        }
    }
}
