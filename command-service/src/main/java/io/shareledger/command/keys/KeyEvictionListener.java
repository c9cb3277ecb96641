package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Drops this instance's cached data key of a forgotten member as soon as any instance destroys
 * it: listens on {@link KeyVault#DESTROYED_CHANNEL} on a connection of its own. Whenever it is not
 * listening (start, lost connection) it evicts every cached key, since it may have missed a notice.
 */
@Component
class KeyEvictionListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeyEvictionListener.class);
    private static final int POLL_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 1000;

    private final DataSource dataSource;
    private final KeyVault vault;
    private volatile boolean running;
    private Thread thread;

    KeyEvictionListener(DataSource dataSource, KeyVault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listen, "data-key-eviction");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + KeyVault.DESTROYED_CHANNEL);
                }
                vault.evictAll();
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            vault.destroyed(MemberId.of(notification.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                vault.evictAll();
                log.warn("Data key eviction listener lost its connection ({}); reconnecting", e.getClass().getSimpleName());
                try {
                    Thread.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
