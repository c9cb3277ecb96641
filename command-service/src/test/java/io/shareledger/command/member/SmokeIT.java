package io.shareledger.command.member;

import io.shareledger.command.support.Api;
import io.shareledger.command.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT extends IntegrationTest {

    @Test
    void registers() {
        Api.Member alice = api().register(issuer());
        assertThat(alice.id()).isNotBlank();
        Api.Response consent = api().grant(alice, "SHARE_ITEMS");
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        assertThat(consent.version()).isEqualTo(1);
    }
}
