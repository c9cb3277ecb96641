package io.shareledger.command.keys;

import io.shareledger.api.MemberId;
import io.shareledger.api.privacy.Aes256Gcm;
import io.shareledger.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import javax.crypto.SecretKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key-encryption keys from configuration: where they come from, what is refused, and how keys are wrapped. */
class KeyEncryptionKeysTest {

    @Test
    void readsKeysFromEnvironmentVariables() {
        String kek = TestKeys.newKek();
        KeyEncryptionKeys keks = KeyEncryptionKeys.from(bind(Map.of(
                "SHARELEDGER_CRYPTO_KEKS_PRIMARY", kek,
                "SHARELEDGER_CRYPTO_CURRENTKEK", "primary")));

        assertThat(keks.currentId()).isEqualTo("primary");
    }

    @Test
    void readsKeysFromASecretFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kek.properties");
        Files.writeString(file, "# keys\nold=" + TestKeys.newKek() + "\nnew=" + TestKeys.newKek() + "\n");
        CryptoProperties properties = new CryptoProperties(Map.of(), file, "new", null, cache(), 10);

        KeyEncryptionKeys keks = KeyEncryptionKeys.from(properties);
        MemberId subject = MemberId.random();
        SecretKey dataKey = Aes256Gcm.newKey();

        assertThat(keks.unwrap("new", subject, keks.wrap(subject, dataKey)).getEncoded()).isEqualTo(dataKey.getEncoded());
    }

    @Test
    void refusesToWorkWithoutAUsableKekAndNeverPrintsOne() {
        String kek = TestKeys.newKek();
        assertThatThrownBy(() -> KeyEncryptionKeys.from(new CryptoProperties(Map.of(), null, null, null, cache(), 10)))
                .hasMessageContaining("No key-encryption key is configured").hasMessageContaining("docs/operations.md");
        assertThatThrownBy(() -> KeyEncryptionKeys.from(new CryptoProperties(Map.of("a", kek), null, " ", null, cache(), 10)))
                .hasMessageContaining("No current key-encryption key");
        assertThatThrownBy(() -> KeyEncryptionKeys.from(new CryptoProperties(Map.of("a", kek), null, "b", null, cache(), 10)))
                .hasMessageContaining("'b' is not configured");
        String short16 = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyEncryptionKeys.from(new CryptoProperties(Map.of("a", short16), null, "a", null, cache(), 10)))
                .hasMessageContaining("'a' is not 32 bytes").hasMessageNotContaining(short16);
        assertThatThrownBy(() -> KeyEncryptionKeys.from(new CryptoProperties(Map.of(), Path.of("/nonexistent/kek"), "a", null, cache(), 10)))
                .hasMessageContaining("Cannot read the key-encryption key file");
    }

    @Test
    void aWrappedKeyBelongsToItsSubjectAndKek() {
        KeyEncryptionKeys keks = KeyEncryptionKeys.from(new CryptoProperties(
                Map.of("a", TestKeys.newKek(), "b", TestKeys.newKek()), null, "a", null, cache(), 10));
        MemberId subject = MemberId.random();
        byte[] wrapped = keks.wrap(subject, Aes256Gcm.newKey());

        assertThatThrownBy(() -> keks.unwrap("a", MemberId.random(), wrapped)).as("another subject")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keks.unwrap("b", subject, wrapped)).as("another KEK")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keks.unwrap("c", subject, wrapped)).hasMessageContaining("'c', which is not configured");
        byte[] tampered = Arrays.copyOf(wrapped, wrapped.length);
        tampered[20] ^= 1;
        assertThatThrownBy(() -> keks.unwrap("a", subject, tampered)).isInstanceOf(IllegalStateException.class);
    }

    private static CryptoProperties.Cache cache() {
        return new CryptoProperties.Cache(10, java.time.Duration.ofMinutes(1));
    }

    private static CryptoProperties bind(Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return Binder.get(env).bindOrCreate("shareledger.crypto", CryptoProperties.class);
    }
}
