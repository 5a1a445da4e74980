package dev.svcnet.ipvs.text;

import static dev.svcnet.ipvs.text.Fixtures.ip;
import static dev.svcnet.ipvs.text.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.IpvsOperation.AddDestination;
import dev.svcnet.ipvs.IpvsOperation.AddService;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading rule files the way ipvsadm -R (behind ipvsadm-restore) reads them. */
class IpvsadmRulesParseTest {

  private static IpvsOperation only(String line) throws IpvsadmRuleException {
    List<IpvsadmRules.Rule> rules = IpvsadmRules.parse(line);
    assertThat(rules).hasSize(1);
    return rules.get(0).operation();
  }

  private static VirtualService added(String line) throws IpvsadmRuleException {
    return ((AddService) only(line)).service();
  }

  private static RealServer addedServer(String line) throws IpvsadmRuleException {
    return ((AddDestination) only(line)).server();
  }

  @Test
  void aServiceGetsIpvsadmsDefaults() throws Exception {
    // DEF_SCHED "wlc"; not persistent; netmask 0xffffffff (/32)
    assertThat(added("-A -t 10.0.0.1:80"))
        .isEqualTo(new VirtualService(tcp("10.0.0.1", 80), "wlc", Set.of(), 0, 32, null));
  }

  @Test
  void persistenceWithoutATimeoutIs360Seconds() throws Exception {
    // -p has an optional argument; parse_timeout(NULL) = IPVS_SVC_PERSISTENT_TIMEOUT (6*60)
    assertThat(added("-A -t 10.0.0.1:80 -p -s rr"))
        .isEqualTo(new VirtualService(tcp("10.0.0.1", 80), "rr",
            Set.of(ServiceFlag.PERSISTENT), 360, 32, null));
    assertThat(added("-A -t 10.0.0.1:80 -s rr -p 600 -M 255.255.255.0").timeoutSeconds())
        .isEqualTo(600);
    assertThat(added("-A -t 10.0.0.1:80 -s rr -p").timeoutSeconds()).isEqualTo(360);
  }

  @Test
  void netmasksAreDottedForIpv4AndPrefixesForIpv6() throws Exception {
    assertThat(added("-A -t 10.0.0.1:80 -p -M 255.255.255.0").netmaskPrefix()).isEqualTo(24);
    assertThat(added("-A -t [2001:db8::1]:80 -p -M 64").netmaskPrefix()).isEqualTo(64);
    assertThat(added("-A -t [2001:db8::1]:80 -p").netmaskPrefix()).isEqualTo(128);
    // after -6, -M is an IPv6 prefix; before it, an IPv4 mask that -6 then resets to 128
    assertThat(added("-A -f 7 -6 -p -M 48").netmaskPrefix()).isEqualTo(48);
  }

  @Test
  void everyServiceKindAndOption() throws Exception {
    assertThat(added("-A -u [2001:db8::1]:53 -s sh -o -b sh-fallback,sh-port --pe sip -p 10"))
        .isEqualTo(new VirtualService(ServiceId.of(Protocol.UDP, ip("2001:db8::1"), 53), "sh",
            Set.of(ServiceFlag.ONE_PACKET, ServiceFlag.SH_FALLBACK, ServiceFlag.SH_PORT,
                ServiceFlag.PERSISTENT), 10, 128, "sip"));
    assertThat(added("-A --sctp-service 10.0.0.1:3868 -s rr").id())
        .isEqualTo(ServiceId.of(Protocol.SCTP, ip("10.0.0.1"), 3868));
    assertThat(added("-A -f 4294967295 -6 -s mh -b mh-port").id())
        .isEqualTo(ServiceId.mark(-1, true));
    // what ipvsadm 1.31 -S writes for mark 4000000000 (it prints marks with %d)
    assertThat(added("-A -f -294967296 -s rr").id())
        .isEqualTo(ServiceId.mark((int) 4_000_000_000L, false));
    assertThat(added("--add-service --tcp-service=10.1:80 --scheduler=rr").id())
        .isEqualTo(tcp("10.0.0.1", 80));
  }

  @Test
  void aRealServerGetsWeightOneAndDirectRouting() throws Exception {
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2"))
        .isEqualTo(new RealServer(ip("10.0.0.2"), 80, ForwardingMethod.ROUTE, 1, 0, 0, null));
  }

  @Test
  void directRoutingAndTunnelsKeepTheServicePortMasqueradingMayChangeIt() throws Exception {
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -g").port()).isEqualTo(80);
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -i").port()).isEqualTo(80);
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m").port()).isEqualTo(8080);
    assertThat(addedServer("-a -f 7 -r 10.0.0.2:8080 -g").port()).isEqualTo(8080);
  }

  @Test
  void weightsThresholdsAndTunnels() throws Exception {
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 0 -x 100 -y 50"))
        .isEqualTo(new RealServer(ip("10.0.0.2"), 80, ForwardingMethod.MASQ, 0, 100, 50, null));
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 2001:db8::2 -i --tun-type gue"
        + " --tun-port 6080 --tun-remcsum -w5").tunnel())
        .isEqualTo(new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.REMCSUM));
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2 -i").tunnel()).isEqualTo(Tunnel.IPIP);
    assertThat(addedServer("-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre").tunnel())
        .isEqualTo(new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.NOCSUM));
  }

  @Test
  void editDeleteAndClear() throws Exception {
    assertThat(only("-E -t 10.0.0.1:80 -s rr")).isEqualTo(new IpvsOperation.UpdateService(
        VirtualService.of(tcp("10.0.0.1", 80), "rr")));
    assertThat(only("-D -t 10.0.0.1:80")).isEqualTo(
        new IpvsOperation.DeleteService(tcp("10.0.0.1", 80)));
    assertThat(only("-e -t 10.0.0.1:80 -r 10.0.0.2 -w 3")).isEqualTo(
        new IpvsOperation.UpdateDestination(tcp("10.0.0.1", 80),
            new RealServer(ip("10.0.0.2"), 80, ForwardingMethod.ROUTE, 3, 0, 0, null)));
    assertThat(((IpvsOperation.DeleteDestination) only("-d -t 10.0.0.1:80 -r 10.0.0.2:81"))
        .server().port()).isEqualTo(81);
    assertThat(only("-C")).isEqualTo(new IpvsOperation.Flush());
  }

  @Test
  void commentsBlankLinesAndTheWordIpvsadmAreSkippedLinesAreCounted() throws Exception {
    List<IpvsadmRules.Rule> rules = IpvsadmRules.parse("# saved\n\n  \t\n"
        + "ipvsadm -A -t 10.0.0.1:80 -s rr\r\n"
        + "-a\t-t 10.0.0.1:80   -r 10.0.0.2:80 -m -w 1\n");
    assertThat(rules).extracting(IpvsadmRules.Rule::line).containsExactly(4, 5);
    assertThat(rules.get(1).text()).isEqualTo("-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "-a -t 10.0.0.1:80 -m | -a | You need to supply the 'real-server' option for the"
          + " 'add-server' command",
      "-A -s rr | -A | You need to supply the 'service-address' option for the 'add-service'"
          + " command",
      "-A -t 10.0.0.1:80 -r 10.0.0.2 | -r 10.0.0.2 | Illegal 'real-server' option with the"
          + " 'add-service' command",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -w 70000 | 70000 | illegal weight specified",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -x -1 | -1 | illegal u_threshold specified",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -m -x 1 -y 2 | -a | 10.0.0.2:80: lower threshold 2 is"
          + " above the upper threshold 1",
      "-A -t 10.0.0.1:80 -s rr -b sh-port | sh-port | incompatible scheduler flag `sh-port'",
      "-A -t 10.0.0.1:80 -b fast | fast | invalid scheduler flag `fast'",
      "-A -t 10.0.0.1:80 -o | -o | One-Packet Scheduling is only for UDP virtual services",
      "-A -t 10.0.0.1:0 -s rr | -t 10.0.0.1:0 | Zero port specified for non-persistent service",
      "-A -t 10.0.0.1 -s rr | -t 10.0.0.1 | Zero port specified for non-persistent service",
      "-A -t 10.0.0.1:80 -6 | -6 | -6 used before -f",
      "-A -t 10.0.0.1:80 -s rr -s wlc | -s | multiple 'scheduler' options specified",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -m -g | -g | multiple 'forwarding-method' options"
          + " specified",
      "-A -t 10.0.0.1:80 --frobnicate | --frobnicate | invalid option `--frobnicate'",
      "-A -t 10.0.0.1:80 --stats | --stats | Illegal 'stats' option with the 'add-service'"
          + " command",
      "-L -n | -L | this ipvsadm command is not supported in a rule file (only -A, -E, -D, -a,"
          + " -e, -d and -C)",
      "-t 10.0.0.1:80 -A | -t | expected an ipvsadm command (-A, -E, -D, -a, -e, -d or -C)",
      "-A -t www.example.com:80 | www.example.com:80 | illegal virtual server address[:port]"
          + " specified: not a numeric address (host names are not resolved)",
      "-A -t 10.0.0.1:http | 10.0.0.1:http | illegal virtual server address[:port] specified:"
          + " the port must be a number 0..65535 (service names are not resolved)",
      "-A -t 80 | 80 | illegal virtual server address[:port] specified",
      "-A -t 10.0.0.1:80 -p 0 | 0 | invalid timeout value `0' specified",
      "-A -t 10.0.0.1:80 -p -M 255.0.255.0 | 255.0.255.0 | persistent mask must be contiguous"
          + " (a prefix); svcnet does not model other masks",
      "-A -t [2001:db8::1]:80 -p -M 129 | 129 | illegal ipv6 netmask specified",
      "-A -f 0 | 0 | invalid fwmark value `0' specified",
      "-a -t 10.0.0.1:80 -r [2001:db8::2]:80 -m | -r [2001:db8::2]:80 | Different address"
          + " family is allowed only for tunneling servers",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 --tun-type gue | --tun-type gue | Tunnel options conflict"
          + " with forward method",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue | --tun-type gue | You need to supply"
          + " the 'tun-port' option for the 'gue' tunnel type",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-port 5 | --tun-port 5 | Illegal 'tun-port'"
          + " option with the 'ipip' tunnel type",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre --tun-remcsum | --tun-remcsum | Illegal"
          + " 'tun-remcsum' option with the 'gre' tunnel type",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue --tun-port 1 --tun-csum --tun-nocsum"
          + " | --tun-csum | The option 'tun-csum' conflicts with the 'tun-nocsum' option in the"
          + " 'gue' tunnel type",
      "-a -t 10.0.0.1:80 -r 10.0.0.2 -w | -w | option -w needs a value",
      "-A -t 10.0.0.1:80 -s a-scheduler-name-too-long | -A | scheduler name must be 1..15"
          + " characters, got 'a-scheduler-name-too-long'",
  })
  void badLinesAreRefusedNamingLineAndToken(String line, String token, String reason) {
    String text = "-A -t 10.9.9.9:80 -s rr\n" + line + "\n-C\n";
    assertThatThrownBy(() -> IpvsadmRules.parse(text))
        .isInstanceOfSatisfying(IpvsadmRuleException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.token()).isEqualTo(token);
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).startsWith("line 2: ").contains(reason);
        });
  }

  @Test
  void theRulesAreCheckedAgainstEachOtherFromAnEmptyTable() throws Exception {
    List<IpvsadmRules.Rule> orphan = IpvsadmRules.parse(
        "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.2:80 -r 10.0.0.9 -m\n");
    assertThatThrownBy(() -> IpvsadmRules.state(orphan))
        .isInstanceOfSatisfying(IpvsadmRuleException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.token()).isEqualTo("-a -t 10.0.0.2:80 -r 10.0.0.9 -m");
          assertThat(e.reason()).contains("no such service");
        });
    List<IpvsadmRules.Rule> twice = IpvsadmRules.parse(
        "-A -t 10.0.0.1:80\n\n-A -t 10.0.0.1:80 -s rr\n");
    assertThatThrownBy(() -> IpvsadmRules.state(twice))
        .isInstanceOfSatisfying(IpvsadmRuleException.class,
            e -> assertThat(e.line()).isEqualTo(3));
  }

  @Test
  void theStateOfARuleFileAppliesEditsDeletesAndClears() throws Exception {
    var state = IpvsadmRules.state(IpvsadmRules.parse(""
        + "-A -t 10.0.0.9:80\n"
        + "-C\n"
        + "-A -t 10.0.0.1:80 -s rr\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.2 -m -w 1\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.3 -m -w 1\n"
        + "-e -t 10.0.0.1:80 -r 10.0.0.2 -m -w 5\n"
        + "-d -t 10.0.0.1:80 -r 10.0.0.3\n"
        + "-E -t 10.0.0.1:80 -s sh\n"));
    assertThat(IpvsadmRules.write(state)).isEqualTo(""
        + "-A -t 10.0.0.1:80 -s sh\n"
        + "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 5\n");
  }
}
