package io.shareledger.infra.bench;

import io.shareledger.api.ConsentId;
import io.shareledger.api.MemberId;
import io.shareledger.api.ShareId;
import io.shareledger.api.member.ConsentGrantedEvent;
import io.shareledger.api.member.ConsentPurpose;
import io.shareledger.api.member.MemberRegisteredEvent;
import io.shareledger.api.privacy.Aes256Gcm;
import io.shareledger.api.privacy.DataKeys;
import io.shareledger.api.serialization.ShareLedgerSerializer;
import io.shareledger.api.share.ShareOfferedEvent;
import io.shareledger.api.share.SharePermission;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import javax.crypto.SecretKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The cost of field encryption in the serializer: serialize + deserialize of typical events with
 * the plain wire format (the baseline) and with the field-encrypting wrapper, keys already cached
 * (as they are after a member's first event), measured alternately in the same run. Prints time
 * per round trip, the ratio to the baseline and the payload sizes. Only the ratios mean much.
 *
 * <p>Usage: {@code FieldEncryptionBenchmark [operations per round]} (default 20 000; 15 rounds, the
 * first 5 are warm-up, the median of the rest is reported).
 */
public final class FieldEncryptionBenchmark {

    private static final int ROUNDS = 15;
    private static final int WARMUP_ROUNDS = 5;

    private FieldEncryptionBenchmark() {
    }

    public static void main(String[] args) {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        MemberId member = MemberId.random();
        SecretKey key = Aes256Gcm.newKey();
        DataKeys cached = new DataKeys() {
            @Override
            public Optional<SecretKey> forEncryption(MemberId subject) {
                return Optional.of(key);
            }

            @Override
            public Optional<SecretKey> forDecryption(MemberId subject) {
                return Optional.of(key);
            }
        };
        Serializer plain = ShareLedgerSerializer.create();
        Serializer encrypting = ShareLedgerSerializer.encrypting(cached);
        List<Object> events = List.of(
                new MemberRegisteredEvent(member, "idp|4f1c2b7e", "alice_w", "Alice Wonder", "alice@example.org"),
                new ShareOfferedEvent(ShareId.random(), member, MemberId.random(), "photo:42", "Holiday photo",
                        "For you, from the trip", SharePermission.VIEW, null, ConsentId.random(), ConsentId.random()),
                new ConsentGrantedEvent(member, ConsentId.random(), ConsentPurpose.SHARE_ITEMS, null));

        System.out.printf("operations per round=%d, rounds=%d (+%d warm-up), cores=%d, java=%s%n", operations,
                ROUNDS - WARMUP_ROUNDS, WARMUP_ROUNDS, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf("%-22s %14s %14s %7s %12s %12s%n", "event", "plain ns/op", "encrypted ns/op", "ratio",
                "plain bytes", "enc. bytes");
        for (Object event : events) {
            long[] plainTimes = new long[ROUNDS];
            long[] encryptedTimes = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                plainTimes[round] = nanosPerRoundTrip(plain, event, operations);
                encryptedTimes[round] = nanosPerRoundTrip(encrypting, event, operations);
            }
            long plainNs = median(plainTimes);
            long encryptedNs = median(encryptedTimes);
            System.out.printf("%-22s %14d %14d %7.2f %12d %12d%n", event.getClass().getSimpleName(), plainNs, encryptedNs,
                    (double) encryptedNs / plainNs, size(plain, event), size(encrypting, event));
        }
    }

    private static long nanosPerRoundTrip(Serializer serializer, Object event, int operations) {
        long check = 0;
        long start = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            SerializedObject<byte[]> serialized = serializer.serialize(event, byte[].class);
            Object back = serializer.deserialize(serialized);
            check += serialized.getData().length + (back == null ? 0 : 1);
        }
        long elapsed = System.nanoTime() - start;
        if (check == 0) {
            throw new IllegalStateException("nothing was serialized");
        }
        return elapsed / operations;
    }

    private static long median(long[] times) {
        long[] measured = Arrays.copyOfRange(times, WARMUP_ROUNDS, times.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static int size(Serializer serializer, Object event) {
        return serializer.serialize(event, byte[].class).getData().length;
    }
}
