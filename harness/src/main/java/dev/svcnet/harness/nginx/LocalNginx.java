package dev.svcnet.harness.nginx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx on a free 127.0.0.1 port with its own prefix, configuration, pid and logs in
 * a given directory, in the foreground; {@link #close()} stops it. Runs as whoever runs the JVM
 * (no root needed).
 */
public final class LocalNginx implements AutoCloseable {

  /** Debian's nginx; {@code -Dsvcnet.nginx=PATH} points elsewhere. */
  public static final Path BINARY = Path.of(System.getProperty("svcnet.nginx", "/usr/sbin/nginx"));
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Process process;
  private final Path dir;
  private final int port;

  private LocalNginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Why nginx cannot be used here, or null if it can. */
  public static String unavailable() {
    return unavailable(BINARY);
  }

  /** Why the nginx at {@code binary} cannot be used, or null if it can. */
  public static String unavailable(Path binary) {
    if (!Files.isExecutable(binary)) {
      return binary + " is not an executable (install Debian's nginx, or pass -Dsvcnet.nginx=PATH)";
    }
    return null;
  }

  /**
   * Starts nginx serving {@code servers} (server blocks whose {@code listen} is
   * {@code 127.0.0.1:PORT}, with {@code PORT} replaced by the chosen port).
   */
  public static LocalNginx start(Path dir, String servers) throws IOException, InterruptedException {
    return start(BINARY, dir, servers);
  }

  /** {@link #start(Path, String)} with the nginx at {@code binary}. */
  public static LocalNginx start(Path binary, Path dir, String servers)
      throws IOException, InterruptedException {
    int port = freePort();
    String conf = """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 64; }
        http {
            access_log off;
            default_type text/plain;
            client_body_temp_path %1$s/client_body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
        %2$s
        }
        """.formatted(dir, servers.replace("127.0.0.1:PORT", "127.0.0.1:" + port));
    Path confFile = Files.writeString(dir.resolve("nginx.conf"), conf);
    Process process = new ProcessBuilder(List.of(binary.toString(), "-p", dir.toString(),
        "-c", confFile.toString(), "-e", dir.resolve("error.log").toString(),
        "-g", "daemon off;"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    LocalNginx nginx = new LocalNginx(process, dir, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
            + nginx.logs() + "\nconfiguration:\n" + conf);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(LOOPBACK, port), 200);
        return nginx;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    nginx.close();
    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within 10 s: "
        + nginx.logs());
  }

  /**
   * A response: status code, the X-Svcnet-Path header (or null), the path and query of the
   * Location header (or null) and the body.
   */
  public record Response(int status, String path, String location, String body) {}

  /** The port nginx listens on. */
  public int port() {
    return port;
  }

  /**
   * Sends one GET of {@code pathAndQuery} to 127.0.0.1 (HTTP/1.0 without Host when {@code host}
   * is empty), with a 5 s timeout and at most 64 KiB read.
   */
  public Response get(String host, String pathAndQuery) throws IOException {
    return send(host, pathAndQuery);
  }

  private Response send(String host, String path) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LOOPBACK, port), 2000);
      s.setSoTimeout(5000);
      String request = host.isEmpty() ? "GET " + path + " HTTP/1.0\r\n\r\n"
          : "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      int n;
      while ((n = in.read(chunk)) > 0 && buffer.size() < 65536) {
        buffer.write(chunk, 0, n);
      }
      String text = buffer.toString(StandardCharsets.ISO_8859_1);
      int headerEnd = text.indexOf("\r\n\r\n");
      String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
      String body = headerEnd < 0 ? "" : text.substring(headerEnd + 4);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      String svcnetPath = null;
      String location = null;
      for (String line : lines) {
        if (line.regionMatches(true, 0, "Location:", 0, 9)) {
          String url = line.substring(9).strip();
          int authority = url.indexOf("://");
          location = authority < 0 ? url : url.substring(url.indexOf('/', authority + 3));
        }
        if (line.regionMatches(true, 0, "X-Svcnet-Path:", 0, 14)) {
          svcnetPath = line.substring(14).strip();
        }
      }
      return new Response(status, svcnetPath, location, body);
    }
  }

  public String logs() {
    try {
      Path log = dir.resolve("error.log");
      Path stdout = dir.resolve("stdout.log");
      return (Files.exists(stdout) ? Files.readString(stdout) : "")
          + (Files.exists(log) ? Files.readString(log) : "");
    } catch (IOException e) {
      return "(logs unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }
}
