package io.shareledger.command.export;

import io.shareledger.api.share.ShareOfferedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which shares each member takes part in. In the member directory's subscribing processor, so it is
 * written in the transaction that offers the share: an export never misses a share.
 */
@Component
@ProcessingGroup("member-directory")
class MemberShareIndex {

    private final JdbcClient jdbc;

    MemberShareIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ShareOfferedEvent event) {
        for (var party : new java.util.UUID[] {event.ownerId().value(), event.recipientId().value()}) {
            jdbc.sql("insert into member_share (member_id, share_id) values (?, ?) on conflict do nothing")
                    .param(party).param(event.shareId().value()).update();
        }
    }
}
