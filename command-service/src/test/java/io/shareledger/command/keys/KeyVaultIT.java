package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import io.shareledger.command.support.IntegrationTest;
import io.shareledger.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key vault on the real write database: one key per subject, created once, destroyed for good. */
class KeyVaultIT extends IntegrationTest {

    @Autowired
    private KeyVault vault;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void concurrentFirstUsesOfOneSubjectEndWithOneKey() throws Exception {
        MemberId subject = MemberId.random();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<String>> keys = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                keys.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return transactions.execute(status -> encoded(vault.forEncryption(subject)));
                }, pool));
            }
            start.countDown();
            List<String> seen = keys.stream().map(CompletableFuture::join).distinct().toList();

            assertThat(seen).hasSize(1);
            assertThat(rows(subject)).isEqualTo(1);
            assertThat(encoded(vault.forDecryption(subject))).isEqualTo(seen.get(0));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKeyCreatedByATransactionThatRollsBackNeverExisted() {
        MemberId subject = MemberId.random();
        transactions.executeWithoutResult(status -> {
            vault.forEncryption(subject);
            status.setRollbackOnly();
        });

        assertThat(rows(subject)).isZero();
        assertThatThrownBy(() -> vault.forDecryption(subject)).as("not served from the cache either")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDestroyedKeyIsNeverCreatedAgain() {
        MemberId subject = MemberId.random();
        transactions.executeWithoutResult(status -> vault.forEncryption(subject));
        transactions.executeWithoutResult(status -> vault.destroy(subject));

        assertThat(vault.forDecryption(subject)).isEmpty();
        Optional<SecretKey> afterwards = transactions.execute(status -> vault.forEncryption(subject));
        assertThat(afterwards).isEmpty();
        assertThat(wrappedKeyOf(subject)).isNull();

        MemberId neverUsed = MemberId.random();
        transactions.executeWithoutResult(status -> vault.destroy(neverUsed));
        Optional<SecretKey> tombstoned = transactions.execute(status -> vault.forEncryption(neverUsed));
        assertThat(tombstoned).as("tombstone without a key").isEmpty();
    }

    @Test
    void aKeyReadBeforeAnErasureAndCommittedAfterItDoesNotComeBackIntoTheCache() {
        MemberId subject = MemberId.random();
        transactions.executeWithoutResult(status -> vault.forEncryption(subject));
        vault.evictAll();

        transactions.executeWithoutResult(status -> {
            assertThat(vault.forDecryption(subject)).isPresent();
            // meanwhile the member is forgotten, and that commits first
            CompletableFuture.runAsync(() -> transactions.executeWithoutResult(erasure -> vault.destroy(subject))).join();
        });

        assertThat(vault.forDecryption(subject)).isEmpty();
    }

    private static String encoded(Optional<SecretKey> key) {
        return Base64.getEncoder().encodeToString(key.orElseThrow().getEncoded());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long rows(MemberId subject) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from data_key where subject_id = ?")) {
            query.setObject(1, subject.value());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] wrappedKeyOf(MemberId subject) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement("select wrapped_key from data_key where subject_id = ?")) {
            query.setObject(1, subject.value());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
