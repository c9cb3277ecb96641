package io.shareledger.query.share;

import io.shareledger.query.position.LiveProjection;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Component;

/** The live handlers of the shares read model: each event goes through its batch applier. */
@Component
@ProcessingGroup(ShareProjection.READ_MODEL)
class ShareProjection extends LiveProjection {

    static final String READ_MODEL = "shares";

    ShareProjection(Projector projector, ShareApplier applier) {
        super(projector, applier);
    }
}
