package io.shareledger.command.keys;

import io.shareledger.command.support.ServiceInstance;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** There is no default key-encryption key: the service does not start without one, and says why. */
class StartupWithoutKekIT {

    @Test
    void theServiceRefusesToStartWithoutItsCurrentKek() {
        assertThatThrownBy(() -> ServiceInstance.start(TestDatabase.get(), "--shareledger.crypto.current-kek=absent").close())
                .rootCause()
                .hasMessageContaining("The current key-encryption key 'absent' is not configured")
                .hasMessageContaining("shareledger.crypto.keks.<id>");
    }
}
