package io.shareledger.infra.e2e;

import io.shareledger.testsupport.TestDatabase;
import io.shareledger.testsupport.TestIssuer;
import io.shareledger.testsupport.TestKafka;
import io.shareledger.testsupport.TestKeys;

import java.util.HashMap;
import java.util.Map;

/** The SHARELEDGER_* variables a service process gets in the tests: test broker, issuer and keys, its own database. */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /** The query service on {@code readDb}, fetching data keys from {@code keyServiceUrl}. */
    public static Map<String, String> queryService(TestDatabase readDb, String keyServiceUrl) {
        Map<String, String> env = common(readDb);
        env.put("SHARELEDGER_KEY_SERVICE_URL", keyServiceUrl);
        return env;
    }

    /** The command service on {@code writeDb}, with the run's key-encryption key. */
    public static Map<String, String> commandService(TestDatabase writeDb) {
        Map<String, String> env = common(writeDb);
        env.put("SHARELEDGER_CRYPTO_KEKS_E2E", TestKeys.kek());
        env.put("SHARELEDGER_CRYPTO_CURRENT_KEK", "e2e");
        // the publisher's transactional id is per event store (its instances share it); the tests
        // run several event stores against one broker
        env.put("SHARELEDGER_PUBLISHER_TRANSACTIONAL_ID_PREFIX",
                "e2e-publisher-" + Integer.toHexString(writeDb.url().hashCode()) + "-");
        return env;
    }

    private static Map<String, String> common(TestDatabase db) {
        TestIssuer issuer = TestIssuer.get();
        Map<String, String> env = new HashMap<>(Map.of(
                "SHARELEDGER_KAFKA", TestKafka.bootstrapServers(),
                "SHARELEDGER_JWK_SET_URI", issuer.jwkSetUri(),
                "SHARELEDGER_ISSUER", TestIssuer.ISSUER,
                "SHARELEDGER_AUDIENCE", TestIssuer.AUDIENCE,
                "SHARELEDGER_DB_URL", db.url(),
                "SHARELEDGER_DB_USER", db.user(),
                "SHARELEDGER_DB_PASSWORD", db.password(),
                "SHARELEDGER_KEY_SERVICE_TOKEN", TestKeys.serviceToken()));
        // the walkthroughs write and read in bursts from one subject, far faster than a person would
        for (String requestClass : new String[]{"WRITE", "READ", "INTERNAL", "HEALTH"}) {
            env.put("SHARELEDGER_RATE_LIMIT_" + requestClass + "_CAPACITY", "1000000");
            env.put("SHARELEDGER_RATE_LIMIT_" + requestClass + "_PER_SECOND", "1000000");
        }
        return env;
    }
}
