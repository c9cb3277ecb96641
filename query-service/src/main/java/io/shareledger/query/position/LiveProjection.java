package io.shareledger.query.position;

import io.shareledger.api.member.MemberEvent;
import io.shareledger.api.share.ShareEvent;
import io.shareledger.query.readmodel.BatchApplier;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;

/**
 * The live handlers of one read model: every event of the domain goes through the read model's
 * batch applier (the one its rebuilds use), with the rest of its processor's batch ({@link Projector}).
 * A subclass names the processing group.
 */
public abstract class LiveProjection {

    private final Projector projector;
    private final BatchApplier applier;

    protected LiveProjection(Projector projector, BatchApplier applier) {
        this.projector = projector;
        this.applier = applier;
    }

    @EventHandler
    public void on(MemberEvent event, EventMessage<?> message) {
        projector.apply(applier, message);
    }

    @EventHandler
    public void on(ShareEvent event, EventMessage<?> message) {
        projector.apply(applier, message);
    }
}
