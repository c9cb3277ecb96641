package io.shareledger.query.config;

import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The live processors' event source: the extension's streamable Kafka source as its
 * auto-configuration would make it, but handing events on in fetch order ({@link ArrivalOrderBuffer}),
 * so that every token a processor stores covers exactly the events it has handled.
 */
@Configuration(proxyBeanMethods = false)
class KafkaSourceConfig {

    @Bean
    StreamableKafkaMessageSource<String, byte[]> streamableKafkaMessageSource(
            KafkaProperties properties,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            ConsumerFactory<String, byte[]> consumerFactory,
            Fetcher<String, byte[], KafkaEventMessage> fetcher,
            KafkaMessageConverter<String, byte[]> converter) {
        return StreamableKafkaMessageSource.<String, byte[]>builder()
                .topics(List.of(properties.getDefaultTopic()))
                .serializer(eventSerializer)
                .consumerFactory(consumerFactory)
                .fetcher(fetcher)
                .messageConverter(converter)
                .bufferFactory(() -> new ArrivalOrderBuffer(properties.getFetcher().getBufferSize()))
                .build();
    }
}
