package io.shareledger.query.consent;

import io.shareledger.query.position.LiveProjection;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The live handlers of the consents read model: each event goes through its batch applier. */
@Component
@ProcessingGroup(ConsentProjection.READ_MODEL)
class ConsentProjection extends LiveProjection {

    static final String READ_MODEL = "member-consents";

    ConsentProjection(Projector projector, ConsentApplier applier) {
        super(projector, applier);
    }
}
