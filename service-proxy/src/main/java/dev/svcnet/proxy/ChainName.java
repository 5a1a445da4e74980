package dev.svcnet.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;

/**
 * An iptables chain name as kube-proxy derives it: a prefix, then the first 16 characters of the
 * RFC 4648 base32 encoding of the SHA-256 of {@code "ns/name[:port]" + lower-case protocol} (and,
 * for endpoint chains, {@code + "ip:port"}).
 *
 * @param value the chain name, at most 28 characters (the iptables limit)
 */
public record ChainName(String value) {

  /** iptables' chain-name limit (XT_EXTENSION_MAXNAMELEN minus the NUL). */
  public static final int MAX_LENGTH = 28;

  public ChainName {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("chain name must be 1.." + MAX_LENGTH
          + " characters, got '" + value + "'");
    }
  }

  /** {@code KUBE-SVC-…}: the service port's endpoints for Cluster traffic policy. */
  public static ChainName service(ServicePortName name, Protocol protocol) {
    return new ChainName("KUBE-SVC-" + hash(name + lower(protocol)));
  }

  /** {@code KUBE-SVL-…}: the service port's node-local endpoints for Local traffic policy. */
  public static ChainName serviceLocal(ServicePortName name, Protocol protocol) {
    return new ChainName("KUBE-SVL-" + hash(name + lower(protocol)));
  }

  /** {@code KUBE-EXT-…}: traffic to the service port's external destinations. */
  public static ChainName external(ServicePortName name, Protocol protocol) {
    return new ChainName("KUBE-EXT-" + hash(name + lower(protocol)));
  }

  /** {@code KUBE-FW-…}: the loadBalancerSourceRanges firewall of the service port. */
  public static ChainName firewall(ServicePortName name, Protocol protocol) {
    return new ChainName("KUBE-FW-" + hash(name + lower(protocol)));
  }

  /** {@code KUBE-XLB-…}: the v1.22-era name of the local-endpoints chain. */
  public static ChainName externalLoadBalancer(ServicePortName name, Protocol protocol) {
    return new ChainName("KUBE-XLB-" + hash(name + lower(protocol)));
  }

  /**
   * {@code KUBE-SEP-…}: one endpoint of the service port.
   *
   * @param endpoint {@code ip:port}, IPv6 in brackets ({@code [fd00::1]:80})
   */
  public static ChainName endpoint(ServicePortName name, Protocol protocol, String endpoint) {
    return new ChainName("KUBE-SEP-" + hash(name + lower(protocol) + endpoint));
  }

  private static String lower(Protocol protocol) {
    return protocol.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One SHA-256 instance per thread: a full render hashes one name per endpoint (100,000 for
   * 10,000 services x 10), so the algorithm is looked up once per thread, not per name.
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  });

  /** base32(sha256(text))[:16]. */
  static String hash(String text) {
    byte[] digest = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    return Base32.encode(digest).substring(0, 16);
  }

  @Override
  public String toString() {
    return value;
  }

  /** RFC 4648 base32 with the standard alphabet (padding is never reached by a 16-char prefix). */
  private static final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    static String encode(byte[] data) {
      StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
      int buffer = 0;
      int bits = 0;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
      }
      if (bits > 0) {
        out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
      }
      return out.toString();
    }
  }
}
