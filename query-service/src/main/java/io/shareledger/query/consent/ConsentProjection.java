package io.shareledger.query.consent;

import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/** The live handlers of the consents read model: each event goes through its batch applier. */
@Component
@ProcessingGroup(ConsentProjection.READ_MODEL)
class ConsentProjection {

    static final String READ_MODEL = "member-consents";

    private final Projector projector;
    private final ConsentApplier applier;

    ConsentProjection(Projector projector, ConsentApplier applier) {
        this.projector = projector;
        this.applier = applier;
    }

    @EventHandler
    void on(MemberEvent event, EventMessage<?> message) {
        projector.apply(applier, message);
    }

    @EventHandler
    void on(ShareEvent event, EventMessage<?> message) {
        projector.apply(applier, message);
    }
}
