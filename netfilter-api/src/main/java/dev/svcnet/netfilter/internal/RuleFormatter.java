package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.AddrTypeMatch;
import dev.svcnet.netfilter.Cidr;
import dev.svcnet.netfilter.CommentMatch;
import dev.svcnet.netfilter.ConnmarkTarget;
import dev.svcnet.netfilter.ConntrackMatch;
import dev.svcnet.netfilter.Dnat;
import dev.svcnet.netfilter.Goto;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.LogTarget;
import dev.svcnet.netfilter.MarkMatch;
import dev.svcnet.netfilter.MarkTarget;
import dev.svcnet.netfilter.Masquerade;
import dev.svcnet.netfilter.IcmpTypeMatch;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.MultiportMatch;
import dev.svcnet.netfilter.Negatable;
import dev.svcnet.netfilter.Notrack;
import dev.svcnet.netfilter.PhysdevMatch;
import dev.svcnet.netfilter.PortMatch;
import dev.svcnet.netfilter.PortRange;
import dev.svcnet.netfilter.RecentMatch;
import dev.svcnet.netfilter.Reject;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.SetMatch;
import dev.svcnet.netfilter.Snat;
import dev.svcnet.netfilter.StatisticMatch;
import dev.svcnet.netfilter.Target;
import dev.svcnet.netfilter.UnknownMatch;
import dev.svcnet.netfilter.UnknownTarget;
import dev.svcnet.netfilter.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a rule exactly as iptables-save (1.8.9, legacy and nft alike) prints it back: header
 * options first, then matches in order, then the target, each with the forms the save functions of
 * the extensions use. Every free-text value goes through {@link SaveQuoting}, and every other value
 * is validated by the model to be a single safe token, so the output is one line that restores to
 * exactly this rule.
 */
public final class RuleFormatter {
  private final IpFamily family;
  private final List<String> out = new ArrayList<>();

  private RuleFormatter(IpFamily family) {
    this.family = family;
  }

  /** The rule's arguments after {@code -A CHAIN}, space-separated. */
  public static String format(Rule rule, IpFamily family) {
    RuleFormatter formatter = new RuleFormatter(family);
    formatter.rule(rule);
    return String.join(" ", formatter.out);
  }

  /** Appends the rule's arguments, each after a space, to {@code text}. */
  public static void appendTo(StringBuilder text, Rule rule, IpFamily family) {
    RuleFormatter formatter = new RuleFormatter(family);
    formatter.rule(rule);
    for (String token : formatter.out) {
      text.append(' ').append(token);
    }
  }

  private void rule(Rule rule) {
    cidr("-s", rule.source());
    cidr("-d", rule.destination());
    negatable("-i", rule.inInterface(), String::toString);
    negatable("-o", rule.outInterface(), String::toString);
    negatable("-p", rule.protocol(), Object::toString);
    for (Match match : rule.matches()) {
      out.add("-m");
      out.add(match.module());
      match(match);
    }
    if (rule.target() != null) {
      target(rule.target());
    }
  }

  private void cidr(String option, Negatable<Cidr> cidr) {
    negatable(option, cidr, Cidr::toString);
  }

  private <T> void negatable(String option, Negatable<T> value, java.util.function.Function<T, String> text) {
    if (value == null) {
      return;
    }
    if (value.negated()) {
      out.add("!");
    }
    out.add(option);
    out.add(text.apply(value.value()));
  }

  private void flag(boolean negated, String option) {
    if (negated) {
      out.add("!");
    }
    out.add(option);
  }

  private void match(Match match) {
    if (match instanceof CommentMatch comment) {
      out.add("--comment");
      out.add(SaveQuoting.quote(comment.text()));
    } else if (match instanceof PortMatch ports) {
      negatable("--sport", ports.sourcePorts(), PortRange::toString);
      negatable("--dport", ports.destinationPorts(), PortRange::toString);
    } else if (match instanceof MultiportMatch multiport) {
      flag(multiport.negated(), multiport.direction().option());
      out.add(multiport.ports().stream().map(PortRange::toString).collect(Collectors.joining(",")));
    } else if (match instanceof MarkMatch mark) {
      flag(mark.negated(), "--mark");
      out.add(mark.mask() == 0xffffffffL ? hex(mark.value()) : hex(mark.value()) + "/" + hex(mark.mask()));
    } else if (match instanceof ConntrackMatch conntrack) {
      flag(conntrack.negated(), "--ctstate");
      out.add(java.util.EnumSet.copyOf(conntrack.states()).stream().map(Enum::name)
          .collect(Collectors.joining(",")));
    } else if (match instanceof AddrTypeMatch addrType) {
      negatable("--src-type", addrType.sourceType(), Enum::name);
      negatable("--dst-type", addrType.destinationType(), Enum::name);
      if (addrType.limitIfaceIn()) {
        out.add("--limit-iface-in");
      }
      if (addrType.limitIfaceOut()) {
        out.add("--limit-iface-out");
      }
    } else if (match instanceof StatisticMatch statistic) {
      out.add("--mode");
      if (statistic.mode() == StatisticMatch.Mode.RANDOM) {
        out.add("random");
        flag(statistic.negated(), "--probability");
        out.add(statistic.probabilityText());
      } else {
        out.add("nth");
        flag(statistic.negated(), "--every");
        out.add(Integer.toString(statistic.every()));
        out.add("--packet");
        out.add(Integer.toString(statistic.packet()));
      }
    } else if (match instanceof RecentMatch recent) {
      recent(recent);
    } else if (match instanceof PhysdevMatch physdev) {
      if (physdev.isInNegated() != null) {
        flag(physdev.isInNegated(), "--physdev-is-in");
      }
      negatable("--physdev-in", physdev.physdevIn(), String::toString);
      if (physdev.isOutNegated() != null) {
        flag(physdev.isOutNegated(), "--physdev-is-out");
      }
      negatable("--physdev-out", physdev.physdevOut(), String::toString);
      if (physdev.isBridgedNegated() != null) {
        flag(physdev.isBridgedNegated(), "--physdev-is-bridged");
      }
    } else if (match instanceof SetMatch set) {
      flag(set.negated(), "--match-set");
      out.add(set.setName());
      out.add(set.directionsText());
    } else if (match instanceof IcmpTypeMatch icmp) {
      flag(icmp.negated(), icmp.option());
      out.add(icmp.text());
    } else if (match instanceof UnknownMatch unknown) {
      out.addAll(unknown.arguments());
    } else {
      throw new IllegalStateException("unhandled match " + match);
    }
  }

  private void recent(RecentMatch recent) {
    flag(recent.negated(), recent.command().option());
    if (recent.seconds() != null) {
      out.add("--seconds");
      out.add(recent.seconds().toString());
    }
    if (recent.reap()) {
      out.add("--reap");
    }
    if (recent.hitcount() != null) {
      out.add("--hitcount");
      out.add(recent.hitcount().toString());
    }
    if (recent.rttl()) {
      out.add("--rttl");
    }
    out.add("--name");
    out.add(recent.name());
    out.add("--mask");
    out.add(recent.mask() != null ? AddressText.format(recent.mask())
        : family == IpFamily.IPV4 ? "255.255.255.255" : "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    out.add(recent.side().option());
  }

  private void target(Target target) {
    if (target instanceof Goto jump) {
      out.add("-g");
      out.add(jump.chain().value());
      return;
    }
    out.add("-j");
    if (target instanceof Verdict verdict) {
      out.add(verdict.name());
    } else if (target instanceof Jump jump) {
      out.add(jump.chain().value());
    } else if (target instanceof Reject reject) {
      out.add("REJECT");
      out.add("--reject-with");
      out.add(reject.rejectWith());
    } else if (target instanceof Dnat dnat) {
      out.add("DNAT");
      out.add("--to-destination");
      out.add(dnat.to().toString());
      if (dnat.random()) {
        out.add("--random");
      }
      if (dnat.persistent()) {
        out.add("--persistent");
      }
    } else if (target instanceof Snat snat) {
      out.add("SNAT");
      out.add("--to-source");
      out.add(snat.to().toString());
      if (snat.random()) {
        out.add("--random");
      }
      if (snat.randomFully()) {
        out.add("--random-fully");
      }
      if (snat.persistent()) {
        out.add("--persistent");
      }
    } else if (target instanceof Masquerade masquerade) {
      out.add("MASQUERADE");
      if (masquerade.toPorts() != null) {
        out.add("--to-ports");
        PortRange ports = masquerade.toPorts();
        out.add(ports.first() == ports.last() ? Integer.toString(ports.first())
            : ports.first() + "-" + ports.last());
      }
      if (masquerade.random()) {
        out.add("--random");
      }
      if (masquerade.randomFully()) {
        out.add("--random-fully");
      }
    } else if (target instanceof MarkTarget mark) {
      out.add("MARK");
      out.add("--set-xmark");
      out.add(hex(mark.value()) + "/" + hex(mark.mask()));
    } else if (target instanceof ConnmarkTarget connmark) {
      out.add("CONNMARK");
      if (connmark.mode() == ConnmarkTarget.Mode.SET_XMARK) {
        out.add("--set-xmark");
        out.add(hex(connmark.value()) + "/" + hex(connmark.mask()));
      } else {
        out.add(connmark.mode() == ConnmarkTarget.Mode.SAVE_MARK ? "--save-mark" : "--restore-mark");
        out.add("--nfmask");
        out.add(hex(connmark.nfmask()));
        out.add("--ctmask");
        out.add(hex(connmark.ctmask()));
      }
    } else if (target instanceof LogTarget log) {
      out.add("LOG");
      if (log.prefix() != null) {
        out.add("--log-prefix");
        out.add(SaveQuoting.quote(log.prefix()));
      }
      if (log.level() != LogTarget.DEFAULT_LEVEL) {
        out.add("--log-level");
        out.add(Integer.toString(log.level()));
      }
    } else if (target instanceof Notrack) {
      out.add("NOTRACK");
    } else if (target instanceof UnknownTarget unknown) {
      out.add(unknown.name());
      out.addAll(unknown.arguments());
    } else {
      throw new IllegalStateException("unhandled target " + target);
    }
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
