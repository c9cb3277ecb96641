package io.shareledger.query.keys;

import io.shareledger.query.web.WarmUp;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Before the service reports ready, asks the key service once for a key nobody has, so that the
 * processors' first batch does not open the connection and load the code on both sides (about 0.65 s
 * of the first event's 2 s on a fresh stack). The command service may still be starting: then the
 * first batch does it, as before.
 */
@Component
class KeyServiceWarmUp implements ApplicationRunner {

    private final HttpDataKeys keys;
    private final KeyServiceProperties properties;

    KeyServiceWarmUp(HttpDataKeys keys, KeyServiceProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        WarmUp.run("Preparing the key service's connection", properties.timeout(), keys::warmUp);
    }
}
