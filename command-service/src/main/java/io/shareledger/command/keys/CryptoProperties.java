package io.shareledger.command.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the key vault (docs/operations.md). There is deliberately no default key:
 * without a key-encryption key the service does not start.
 *
 * @param keks            key-encryption keys by id, each 32 bytes in Base64 (e.g. from
 *                        {@code SHARELEDGER_CRYPTO_KEKS_<ID>} variables)
 * @param kekFile         a properties file of further {@code <id>=<base64>} lines (a mounted secret)
 * @param currentKek      the id of the key-encryption key new data keys are wrapped with
 * @param keyServiceToken the shared secret the query service presents to fetch data keys;
 *                        blank refuses every request to the internal key endpoint
 * @param cache           how unwrapped data keys are cached on this instance
 * @param rotationBatch   how many data keys one transaction of KEK rotation re-wraps
 */
@ConfigurationProperties("shareledger.crypto")
public record CryptoProperties(
        @DefaultValue Map<String, String> keks,
        Path kekFile,
        String currentKek,
        String keyServiceToken,
        @DefaultValue Cache cache,
        @DefaultValue("100") int rotationBatch) {

    /**
     * @param maximumSize the number of subjects whose keys are kept
     * @param ttl         how long a key is kept: the backstop should an eviction notice be missed
     */
    public record Cache(@DefaultValue("10000") long maximumSize, @DefaultValue("5m") Duration ttl) {
    }
}
