package io.shareledger.testsupport;

import io.shareledger.api.privacy.Aes256Gcm;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of the key vault for one test run, random each run (no key lives in git): a
 * key-encryption key and the token the query service presents to fetch data keys.
 */
public final class TestKeys {

    public static final String KEK_ID = "test";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEK = newKek();
    private static final String SERVICE_TOKEN = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));

    private TestKeys() {
    }

    /** A fresh key-encryption key, 32 random bytes in Base64. */
    public static String newKek() {
        return Base64.getEncoder().encodeToString(randomBytes(Aes256Gcm.KEY_BYTES));
    }

    public static String kek() {
        return KEK;
    }

    public static String serviceToken() {
        return SERVICE_TOKEN;
    }

    /** The command service's crypto configuration: this run's KEK as the current one, and the service token. */
    public static Map<String, String> commandServiceProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("shareledger.crypto.keks." + KEK_ID, KEK);
        properties.put("shareledger.crypto.current-kek", KEK_ID);
        properties.put("shareledger.crypto.key-service-token", SERVICE_TOKEN);
        return properties;
    }

    /** The same as {@code --name=value} arguments. */
    public static String[] commandServiceArgs() {
        return commandServiceProperties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
