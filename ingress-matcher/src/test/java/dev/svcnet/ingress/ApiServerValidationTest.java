package dev.svcnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The API server's Ingress validation, message for message. */
class ApiServerValidationTest {

  static Ingress parse(String yaml) {
    return Serialization.unmarshal(yaml, Ingress.class);
  }

  /** One rule with one path; {@code backend} is the YAML flow mapping of the backend. */
  static Ingress withPath(String host, String path, String pathType, String backend) {
    return parse("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          rules:
          - host: %s
            http:
              paths:
              - path: %s
                %s
                backend: %s
        """.formatted(host, path, pathType == null ? "" : "pathType: " + pathType, backend));
  }

  static final String SVC = "{service: {name: web, port: {number: 80}}}";

  static List<String> messages(Ingress ingress) {
    return IngressValidator.apiServer().validate(ingress).stream().map(FieldError::message)
        .toList();
  }

  @Test
  void aValidIngressHasNoErrors() {
    assertThat(messages(withPath("foo.com", "/api", "Prefix", SVC))).isEmpty();
    assertThat(messages(withPath("'*.foo.com'", "''", "ImplementationSpecific", SVC))).isEmpty();
  }

  @ParameterizedTest(name = "{1} {0}")
  @CsvSource(delimiter = '|', value = {
      "foo        | Exact  | must be an absolute path",
      "foo        | Prefix | must be an absolute path",
      "/foo//bar  | Prefix | must not contain '//'",
      "/a/./b     | Exact  | must not contain '/./'",
      "/a/../b    | Prefix | must not contain '/../'",
      "/a%2fb     | Prefix | must not contain '%2f'",
      "/a%2Fb     | Exact  | must not contain '%2F'",
      "/a/..      | Prefix | cannot end with '/..'",
      "/a/.       | Exact  | cannot end with '/.'",
      "bar        | ImplementationSpecific | must be an absolute path"})
  void pathsMustBeAbsoluteAndFreeOfForbiddenSequences(String path, String type, String message) {
    assertThat(messages(withPath("foo.com", path, type, SVC))).contains(
        "spec.rules[0].http.paths[0].path: Invalid value: \"" + path + "\": " + message);
  }

  @Test
  void aTrailingDotDotAlsoCountsAsTheSequenceItContains() {
    assertThat(messages(withPath("foo.com", "/a/../", "Prefix", SVC))).containsExactly(
        "spec.rules[0].http.paths[0].path: Invalid value: \"/a/../\": must not contain '/../'");
  }

  @Test
  void fragmentsAndQueriesAreAcceptedInIngressPaths() {
    assertThat(messages(withPath("foo.com", "'/foo#x'", "Prefix", SVC))).isEmpty();
    assertThat(messages(withPath("foo.com", "'/foo?x'", "Exact", SVC))).isEmpty();
  }

  @Test
  void pathTypeIsRequiredAndMustBeKnown() {
    assertThat(messages(withPath("foo.com", "/", null, SVC))).containsExactly(
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified");
    assertThat(messages(withPath("foo.com", "/", "Regex", SVC))).containsExactly(
        "spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values:"
            + " \"Exact\", \"ImplementationSpecific\", \"Prefix\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"*.*.bar.com", "*.foo.*.com", "*bar.com", "f*.bar.com", "*"})
  void wildcardMustBeOneLeadingLabel(String bare) {
    assertThat(messages(withPath("'" + bare + "'", "/", "Prefix", SVC))).containsExactly(
        "spec.rules[0].host: Invalid value: \"" + bare + "\": a wildcard DNS-1123 subdomain"
            + " must start with '*.', followed by a valid DNS subdomain, which must consist of"
            + " lower case alphanumeric characters, '-' or '.' and end with an alphanumeric"
            + " character (e.g. '*.example.com', regex used for validation is"
            + " '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }

  @Test
  void hostsMustBeLowerCaseDnsNamesNotIpAddresses() {
    assertThat(messages(withPath("Foo.com", "/", "Prefix", SVC))).containsExactly(
        "spec.rules[0].host: Invalid value: \"Foo.com\": a lowercase RFC 1123 subdomain must"
            + " consist of lower case alphanumeric characters, '-' or '.', and must start and"
            + " end with an alphanumeric character (e.g. 'example.com', regex used for"
            + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    assertThat(messages(withPath("10.0.0.1", "/", "Prefix", SVC))).containsExactly(
        "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP"
            + " address");
  }

  @Test
  void backendsNeedExactlyOneOfServiceAndResource() {
    String both = "{service: {name: web, port: {number: 80}}, resource: {kind: Bucket,"
        + " name: b}}";
    assertThat(messages(withPath("foo.com", "/", "Prefix", both))).containsExactly(
        "spec.rules[0].http.paths[0].backend: Invalid value: \"\": cannot set both resource"
            + " and service backends");
    assertThat(messages(withPath("foo.com", "/", "Prefix", "{}"))).containsExactly(
        "spec.rules[0].http.paths[0].backend: Invalid value: \"\": resource or service"
            + " backend is required");
    assertThat(messages(withPath("foo.com", "/", "Prefix", "{resource: {apiGroup: Bad_Group}}")))
        .containsExactly(
            "spec.rules[0].http.paths[0].backend.resource.apiGroup: Invalid value:"
                + " \"Bad_Group\": " + dev.svcnet.ingress.internal.DnsNames.SUBDOMAIN_MESSAGE,
            "spec.rules[0].http.paths[0].backend.resource.kind: Required value",
            "spec.rules[0].http.paths[0].backend.resource.name: Required value");
  }

  @Test
  void servicePortsAreCheckedByNameOrNumber() {
    String prefix = "spec.rules[0].http.paths[0].backend";
    assertThat(messages(withPath("foo.com", "/", "Prefix",
        "{service: {name: web, port: {number: 80, name: http}}}"))).containsExactly(
        prefix + ": Invalid value: \"\": cannot set both port name & port number");
    assertThat(messages(withPath("foo.com", "/", "Prefix", "{service: {name: web, port: {}}}")))
        .containsExactly(prefix + ": Required value: port name or number is required");
    assertThat(messages(withPath("foo.com", "/", "Prefix",
        "{service: {name: web, port: {number: 70000}}}"))).containsExactly(
        prefix + ".service.port.number: Invalid value: \"70000\": must be between 1 and 65535,"
            + " inclusive");
    assertThat(messages(withPath("foo.com", "/", "Prefix",
        "{service: {name: web, port: {name: -very--long-name-x}}}"))).containsExactly(
        prefix + ".service.port.name: Invalid value: \"-very--long-name-x\": must be no more"
            + " than 15 characters",
        prefix + ".service.port.name: Invalid value: \"-very--long-name-x\": must not contain"
            + " consecutive hyphens",
        prefix + ".service.port.name: Invalid value: \"-very--long-name-x\": must not begin or"
            + " end with a hyphen");
    assertThat(messages(withPath("foo.com", "/", "Prefix",
        "{service: {name: 1web, port: {name: '80'}}}"))).containsExactly(
        prefix + ".service.name: Invalid value: \"1web\": "
            + dev.svcnet.ingress.internal.DnsNames.LABEL_1035_MESSAGE,
        prefix + ".service.port.name: Invalid value: \"80\": must contain at least one letter"
            + " (a-z)");
  }

  @Test
  void anIngressNeedsRulesOrADefaultBackend() {
    Ingress empty = parse("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec: {}
        """);
    assertThat(messages(empty)).containsExactly(
        "spec: Invalid value: either `defaultBackend` or `rules` must be specified");
  }

  @Test
  void anHttpRuleNeedsPathsAndTheClassAnnotationMustAgree() {
    Ingress ingress = parse("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations: {kubernetes.io/ingress.class: nginx}
        spec:
          ingressClassName: traefik
          tls: [{hosts: ['*.ok.com', 'NOT_OK']}]
          rules: [{host: a.com, http: {paths: []}}]
        """);
    assertThat(messages(ingress)).containsExactly(
        "annotations.kubernetes.io/ingress.class: Invalid value: \"nginx\": must match"
            + " `ingressClassName` when both are specified",
        "spec.rules[0].http.paths: Required value",
        "spec.tls[0].hosts[1]: Invalid value: \"NOT_OK\": "
            + dev.svcnet.ingress.internal.DnsNames.SUBDOMAIN_MESSAGE);
  }

  @Test
  void conversionRefusesAnInvalidIngressNamingObjectAndField() {
    assertThatThrownBy(() -> IngressDefinitions.from(withPath("foo.com", "foo", "Exact", SVC)))
        .isInstanceOf(InvalidIngressException.class)
        .hasMessage("Ingress shop/web: spec.rules[0].http.paths[0].path: Invalid value:"
            + " \"foo\": must be an absolute path");
  }
}
