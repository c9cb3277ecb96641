package io.shareledger.query.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A dead letter keeps the type of the failure but not its message: messages of database errors
 * quote the row that failed ("Failing row contains (...)"), which would store the decrypted
 * personal fields of the event in plain text next to its encrypted payload.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterCauses {

    static final String WITHHELD = "message withheld: it may quote personal data";

    static EnqueuePolicy<EventMessage<?>> withoutMessages() {
        return (letter, cause) -> Decisions.enqueue(new ThrowableCause(cause.getClass().getName(), WITHHELD));
    }

    @Bean
    ConfigurerModule deadLettersWithoutCauseMessages() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultDeadLetterPolicy(config -> withoutMessages()));
    }
}
