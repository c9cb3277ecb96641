package io.shareledger.command.config;

import io.shareledger.api.serialization.ShareLedgerSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /** The directory must fail the command whose event it cannot record (see MemberDirectoryProjection). */
    private static final String MEMBER_DIRECTORY = "member-directory";

    /**
     * One Jackson wire format for events, messages, tokens and sagas, shared with the query side.
     * Kept apart from Spring MVC's ObjectMapper, which is strict about unknown request fields.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return ShareLedgerSerializer.create();
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

    @Bean
    ConfigurerModule memberDirectoryPropagatesErrors() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(MEMBER_DIRECTORY, c -> PropagatingErrorHandler.instance())
                .registerSubscribingEventProcessor(MEMBER_DIRECTORY));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
