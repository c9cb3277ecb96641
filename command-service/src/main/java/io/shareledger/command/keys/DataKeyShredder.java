package io.shareledger.command.keys;

import io.shareledger.api.member.MemberForgottenEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Crypto-shredding: destroys a forgotten member's data key. Runs in a subscribing processor whose
 * errors propagate (AxonConfig), so in the same transaction as the command appending
 * {@link MemberForgottenEvent}: both are stored, or neither.
 */
@Component
@ProcessingGroup(DataKeyShredder.PROCESSING_GROUP)
public class DataKeyShredder {

    public static final String PROCESSING_GROUP = "data-keys";

    private final KeyVault vault;

    DataKeyShredder(KeyVault vault) {
        this.vault = vault;
    }

    @EventHandler
    void on(MemberForgottenEvent event) {
        vault.destroy(event.memberId());
    }
}
