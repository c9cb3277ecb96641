package io.shareledger.query.config;

import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEntry;
import org.axonframework.eventhandling.tokenstore.jpa.TokenEntry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;

/**
 * The only JPA entities of the read side are Axon's tokens and dead letters; the read models are
 * plain tables written with JDBC. Axon also registers its saga entities, which this service has
 * no use for: listing the managed types keeps their tables out of the read database.
 */
@Configuration(proxyBeanMethods = false)
class JpaEntitiesConfig {

    @Bean
    PersistenceManagedTypes persistenceManagedTypes() {
        return PersistenceManagedTypes.of(TokenEntry.class.getName(), DeadLetterEntry.class.getName());
    }
}
