/**
 * Implementation of {@link dev.svcnet.ingress}: the compiled routers (hash maps, prefix trees,
 * one RE2 alternation per regex server), the literal reference routers they are tested against,
 * the ingress-nginx location plan and its nginx configuration writer, and the API-server
 * validation. Not API: may change without notice.
 */
package dev.svcnet.ingress.internal;
