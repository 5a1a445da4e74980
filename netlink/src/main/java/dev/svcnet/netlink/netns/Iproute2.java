package dev.svcnet.netlink.netns;

import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Links, addresses and routes inside one {@link NetworkNamespace}, made with the iproute2 {@code
 * ip} program (run with argument lists on the namespace's thread). Every argument is validated
 * before anything runs.
 */
public final class Iproute2 {

  private static final Pattern ADDRESS_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private final NetworkNamespace namespace;

  private Iproute2(NetworkNamespace namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  public static Iproute2 in(NetworkNamespace namespace) {
    return new Iproute2(namespace);
  }

  /** A veth pair: {@code name} here, {@code peerName} in {@code peer} (both left down). */
  public void addVethPair(String name, NetworkNamespace peer, String peerName) throws IOException {
    ip("link", "add", InterfaceName.of(name).value(), "type", "veth",
        "peer", "name", InterfaceName.of(peerName).value(), "netns", peer.path().toString());
  }

  public void addBridge(String name) throws IOException {
    ip("link", "add", InterfaceName.of(name).value(), "type", "bridge");
  }

  public void setMaster(String device, String bridge) throws IOException {
    ip("link", "set", "dev", InterfaceName.of(device).value(),
        "master", InterfaceName.of(bridge).value());
  }

  public void up(String device) throws IOException {
    ip("link", "set", "dev", InterfaceName.of(device).value(), "up");
  }

  /** Adds {@code cidr} (e.g. {@code 10.0.0.1/24} or {@code fd00::1/64}) to {@code device}. */
  public void addAddress(String device, String cidr) throws IOException {
    ip(family(cidr), "address", "add", checkedCidr(cidr), "dev", InterfaceName.of(device).value());
  }

  /** A route to {@code destination} (a CIDR, or {@code default}) via {@code gateway}. */
  public void addRoute(String destination, String gateway) throws IOException {
    String to = destination.equals("default") ? "default" : checkedCidr(destination);
    ip(family(gateway), "route", "add", to, "via", checkedAddress(gateway).getHostAddress());
  }

  /** Runs {@code ip ARGS...} in the namespace and returns its output (e.g. {@code "-br", "link"}). */
  public String ip(String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add("ip");
    argv.addAll(List.of(args));
    ExternalCommand command = new ExternalCommand(argv, null, java.time.Duration.ofSeconds(30));
    return namespace.call(command::runChecked);
  }

  private static String family(String address) {
    return address.contains(":") ? "-6" : "-4";
  }

  private static String checkedCidr(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR (address/prefix)");
    }
    InetAddress address = checkedAddress(cidr.substring(0, slash));
    int max = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + cidr + "' has a non-numeric prefix length");
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("'" + cidr + "' prefix length must be 0.." + max);
    }
    return address.getHostAddress() + "/" + prefix;
  }

  private static InetAddress checkedAddress(String text) {
    if (!ADDRESS_CHARS.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
  }
}
