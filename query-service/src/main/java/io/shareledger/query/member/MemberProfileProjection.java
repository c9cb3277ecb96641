package io.shareledger.query.member;

import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.query.position.Projector;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/** The live handlers of the member profile read model: each event goes through its batch applier. */
@Component
@ProcessingGroup(MemberProfileProjection.READ_MODEL)
class MemberProfileProjection {

    static final String READ_MODEL = "member-profiles";

    private final Projector projector;
    private final MemberProfileApplier applier;

    MemberProfileProjection(Projector projector, MemberProfileApplier applier) {
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
