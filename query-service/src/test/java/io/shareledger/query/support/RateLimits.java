package io.shareledger.query.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rate limits far above what any test sends, for every test but those of the limits themselves. */
public final class RateLimits {

    private RateLimits() {
    }

    public static Map<String, String> unlimitedForTests() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String requestClass : new String[]{"read", "write", "health"}) {
            settings.put("shareledger.rate-limit." + requestClass + ".capacity", "1000000");
            settings.put("shareledger.rate-limit." + requestClass + ".refill-tokens", "1000000");
        }
        return settings;
    }
}
