package io.shareledger.query.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the query service gets data keys: the command service's internal endpoint
 * (docs/operations.md).
 *
 * @param url     the command service's base URL
 * @param token   the shared key-service token; required, there is no default
 * @param timeout connect and request timeout of one key request
 * @param cache   how fetched keys are cached on this instance
 */
@ConfigurationProperties("shareledger.crypto.key-service")
public record KeyServiceProperties(
        URI url,
        String token,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue Cache cache) {

    /**
     * @param maximumSize the number of subjects whose keys are kept
     * @param ttl         how long a key is kept: the backstop should an erasure reach this instance late
     */
    public record Cache(@DefaultValue("10000") long maximumSize, @DefaultValue("5m") Duration ttl) {
    }
}
