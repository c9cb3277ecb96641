package io.shareledger.command.keys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KeysConfig {

    /** Fails the start when no key-encryption key is configured: there is no default key. */
    @Bean
    KeyEncryptionKeys keyEncryptionKeys(CryptoProperties properties) {
        return KeyEncryptionKeys.from(properties);
    }
}
