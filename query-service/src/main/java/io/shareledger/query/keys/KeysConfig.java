package io.shareledger.query.keys;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeyServiceProperties.class)
class KeysConfig {

    /** Fails the start when the key service or its token is not configured. */
    @Bean
    HttpDataKeys dataKeys(KeyServiceProperties properties, MeterRegistry meters) {
        return new HttpDataKeys(properties, meters);
    }

    /** Every live processor reads a batch of events with the keys of all its subjects fetched at once. */
    @Bean
    ConfigurerModule pinKeysPerBatch(BatchKeys keys) {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultHandlerInterceptor((config, processor) -> new PinKeysPerBatch(keys)));
    }
}
