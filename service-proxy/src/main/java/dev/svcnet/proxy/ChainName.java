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
    return hashed("KUBE-SVC-", hashKey(name, protocol));
  }

  /** {@code KUBE-SVL-…}: the service port's node-local endpoints for Local traffic policy. */
  public static ChainName serviceLocal(ServicePortName name, Protocol protocol) {
    return hashed("KUBE-SVL-", hashKey(name, protocol));
  }

  /** {@code KUBE-EXT-…}: traffic to the service port's external destinations. */
  public static ChainName external(ServicePortName name, Protocol protocol) {
    return hashed("KUBE-EXT-", hashKey(name, protocol));
  }

  /** {@code KUBE-FW-…}: the loadBalancerSourceRanges firewall of the service port. */
  public static ChainName firewall(ServicePortName name, Protocol protocol) {
    return hashed("KUBE-FW-", hashKey(name, protocol));
  }

  /** {@code KUBE-XLB-…}: the v1.22-era name of the local-endpoints chain. */
  public static ChainName externalLoadBalancer(ServicePortName name, Protocol protocol) {
    return hashed("KUBE-XLB-", hashKey(name, protocol));
  }

  /**
   * {@code KUBE-SEP-…}: one endpoint of the service port.
   *
   * @param endpoint {@code ip:port}, IPv6 in brackets ({@code [fd00::1]:80})
   */
  public static ChainName endpoint(ServicePortName name, Protocol protocol, String endpoint) {
    return endpoint(hashKey(name, protocol), endpoint);
  }

  /**
   * {@code KUBE-SEP-…} from the service port's {@link #hashKey} and {@code ip:port}: what a
   * renderer calls once per endpoint, with the key made once per service port.
   */
  public static ChainName endpoint(String hashKey, String endpoint) {
    return hashed("KUBE-SEP-", hashKey + endpoint);
  }

  /** {@code "ns/name[:port]" + lower-case protocol}: what the service port's names hash. */
  public static String hashKey(ServicePortName name, Protocol protocol) {
    return name + lower(protocol);
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

  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  /** How many base32 characters of the digest a name keeps. */
  private static final int HASH_LENGTH = 16;

  /** {@code prefix + base32(sha256(text))[:16]}, built in one character array. */
  private static ChainName hashed(String prefix, String text) {
    byte[] digest = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[prefix.length() + HASH_LENGTH];
    prefix.getChars(0, prefix.length(), out, 0);
    base32Prefix(digest, out, prefix.length());
    return new ChainName(new String(out));
  }

  /** base32(sha256(text))[:16]. */
  static String hash(String text) {
    return hashed("", text).value();
  }

  /**
   * The first 16 characters of the RFC 4648 base32 encoding (standard alphabet) of {@code data}:
   * 80 bits, the first 10 bytes, so padding is never reached.
   */
  private static void base32Prefix(byte[] data, char[] out, int at) {
    long bits = 0;
    for (int i = 0; i < 5; i++) {
      bits = (bits << 8) | (data[i] & 0xff);
    }
    for (int i = 7; i >= 0; i--) {
      out[at + i] = BASE32[(int) (bits & 31)];
      bits >>>= 5;
    }
    bits = 0;
    for (int i = 5; i < 10; i++) {
      bits = (bits << 8) | (data[i] & 0xff);
    }
    for (int i = 15; i >= 8; i--) {
      out[at + i] = BASE32[(int) (bits & 31)];
      bits >>>= 5;
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
