package io.shareledger.query.config;

import io.shareledger.api.serialization.FieldEncryptingSerializer;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.query.keys.HttpDataKeys;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * The command side's wire format for events, tokens and dead letters, personal fields
     * encrypted under keys fetched from the command service. One instance for every role: a dead
     * letter is stored as received (still encrypted) only when the queue's serializer is the one
     * that read it.
     */
    @Bean
    @Primary
    FieldEncryptingSerializer serializer(HttpDataKeys keys) {
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
     * Events come from Kafka, never from a store of this service: an event bus bean keeps Axon
     * from auto-configuring a JPA event store in the read database.
     */
    @Bean
    EventBus eventBus() {
        return SimpleEventBus.builder().build();
    }
}
