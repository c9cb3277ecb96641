package io.shareledger.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A planted personal value and every form in which it could leak into stored or sent bytes:
 * as is, lower- and upper-cased, JSON-escaped, URL-encoded, hex (either case) and Base64 (standard
 * and URL alphabets, at each of the three alignments it can have inside a longer encoded text).
 * {@link #foundIn} reports the forms found, so a scan that finds nothing can be told apart from a
 * scan that cannot find anything (test it on a plaintext sample first).
 */
public final class Canary {

    private final String value;
    private final Map<String, String> caseInsensitive = new LinkedHashMap<>();
    private final Map<String, String> caseSensitive = new LinkedHashMap<>();

    private Canary(String value) {
        this.value = value;
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        caseInsensitive.put("raw/lower/upper", value.toLowerCase(Locale.ROOT));
        caseInsensitive.put("json-escaped", jsonEscaped(value).toLowerCase(Locale.ROOT));
        caseInsensitive.put("url-encoded", URLEncoder.encode(value, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        caseInsensitive.put("url-encoded %20", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").toLowerCase(Locale.ROOT));
        caseInsensitive.put("hex", HexFormat.of().formatHex(utf8));
        for (int offset = 0; offset < 3; offset++) {
            caseSensitive.put("base64@" + offset, base64At(Base64.getEncoder().withoutPadding(), utf8, offset));
            caseSensitive.put("base64url@" + offset, base64At(Base64.getUrlEncoder().withoutPadding(), utf8, offset));
        }
    }

    /** A canary: {@code label} followed by a random part, so that it occurs nowhere by chance. */
    public static Canary random(String label) {
        return new Canary(label + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    }

    public static Canary of(String value) {
        return new Canary(value);
    }

    public String value() {
        return value;
    }

    /** The forms of this value found in {@code data}; empty when there is none. */
    public List<String> foundIn(byte[] data) {
        // bytes that are not UTF-8 become replacement characters, which match no needle
        String text = new String(data, StandardCharsets.UTF_8);
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        caseInsensitive.forEach((form, needle) -> {
            if (lower.contains(needle)) {
                found.add(form);
            }
        });
        caseSensitive.forEach((form, needle) -> {
            if (text.contains(needle)) {
                found.add(form);
            }
        });
        return found;
    }

    public List<String> foundIn(String data) {
        return data == null ? List.of() : foundIn(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * The Base64 characters that depend only on {@code value} when it starts {@code offset} bytes
     * into a 3-byte group: the characters mixing in bits of the neighbouring bytes are dropped.
     */
    private static String base64At(Base64.Encoder encoder, byte[] value, int offset) {
        byte[] shifted = new byte[offset + value.length];
        System.arraycopy(value, 0, shifted, offset, value.length);
        String encoded = encoder.encodeToString(shifted);
        int head = offset == 0 ? 0 : offset + 1;
        int tail = shifted.length % 3 == 0 ? 0 : 1;
        return encoded.substring(head, encoded.length() - tail);
    }

    private static String jsonEscaped(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '/' -> escaped.append("\\/");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
