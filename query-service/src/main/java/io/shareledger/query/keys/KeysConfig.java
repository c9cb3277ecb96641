package io.shareledger.query.keys;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeyServiceProperties.class)
class KeysConfig {

    /** Fails the start when the key service or its token is not configured. */
    @Bean
    HttpDataKeys dataKeys(KeyServiceProperties properties) {
        return new HttpDataKeys(properties);
    }
}
