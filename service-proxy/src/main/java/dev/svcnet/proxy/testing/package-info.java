/**
 * For traffic tests of what service-proxy programs, in real network namespaces: random Service
 * cases ({@link dev.svcnet.proxy.testing.ServiceCase}) turned into Services and EndpointSlices
 * ({@link dev.svcnet.proxy.testing.ServiceTraffic#state}), endpoint servers that answer with
 * their address ({@link dev.svcnet.proxy.testing.EndpointServers}) and the traffic property
 * itself ({@link dev.svcnet.proxy.testing.ServiceTraffic#problems}). service-proxy's own kernel
 * tests and svcnet's conformance suite share them.
 */
package dev.svcnet.proxy.testing;
