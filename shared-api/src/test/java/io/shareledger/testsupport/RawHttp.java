package io.shareledger.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Sends a request exactly as written, over a plain socket: for what {@code java.net.http} refuses to
 * send (a '{' or a raw control character in the path, a header of any size), as a hostile client would.
 * {@link #send} adds {@code Host}, {@code Connection: close} and the body's length; {@link #exchange}
 * sends the bytes it is given. Either reads the answer to the end.
 */
public final class RawHttp {

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] LINE_END = {'\r', '\n'};

    /** The status, the headers as received (lower-case names) and the body of an answer. */
    public record Answer(int status, String head, String body) {

        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    private RawHttp() {
    }

    /**
     * @param requestLine e.g. {@code GET /api/v1/x HTTP/1.1}
     * @param headers     header lines without the trailing CRLF; Host and Connection are added
     */
    public static Answer send(int port, String requestLine, String body, String... headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(requestLine).append("\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code request} byte for byte, nothing added (request line, headers and body as given: a
     * body may be shorter or longer than its Content-Length says), then closes the sending half of
     * the connection, so that a server waiting for more bytes sees their end, and reads the answer.
     *
     * @throws SocketTimeoutException if the answer has not been read to its end within {@code timeout}
     * @throws IllegalStateException  if the server closed the connection without answering
     */
    public static Answer exchange(int port, byte[] request, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), Math.toIntExact(timeout.toMillis()));
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException answeredEarly) {
                // the server answered and closed before reading the whole request: read what it said
            }
            return parse(readAll(socket, deadline));
        }
    }

    private static byte[] readAll(Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no complete answer in time");
                }
                socket.setSoTimeout(Math.toIntExact(left));
                int n = in.read(buffer);
                if (n < 0) {
                    return all.toByteArray();
                }
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException late) {
            throw late;
        } catch (SocketException reset) {
            // the server closed the connection after answering (it does not read a refused request to the end)
            return all.toByteArray();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed the connection after answering (it does not read a refused request to the end)
        }
        return all.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        int end = indexOf(raw, HEAD_END, 0);
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer: " + raw.length + " bytes");
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        byte[] body = Arrays.copyOfRange(raw, end + HEAD_END.length, raw.length);
        if ("chunked".equalsIgnoreCase(new Answer(status, head, "").header("Transfer-Encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
    }

    /** Chunk sizes count bytes, so the body is taken apart before it is decoded. */
    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, LINE_END, at);
            if (lineEnd < 0) {
                return body.toByteArray();
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0 || lineEnd + 2 + size > chunked.length) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i <= bytes.length - part.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
