package io.shareledger.command.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rate limits far above what any test sends, for every test but those of the limits themselves. */
public final class RateLimits {

    private RateLimits() {
    }

    public static Map<String, String> unlimitedForTests() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String requestClass : new String[]{"write", "read", "internal", "health"}) {
            settings.put("shareledger.rate-limit." + requestClass + ".capacity", "1000000");
            settings.put("shareledger.rate-limit." + requestClass + ".refill-tokens", "1000000");
        }
        return settings;
    }
}
