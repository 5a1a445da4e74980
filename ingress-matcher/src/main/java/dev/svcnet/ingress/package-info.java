/**
 * Request routing over Kubernetes Ingress (networking.k8s.io/v1) and Gateway API HTTPRoute
 * objects: which backend gets a request, with which path, and why.
 *
 * <p>Typical use: read manifests with {@link dev.svcnet.ingress.Manifests#read}, pick the
 * Ingresses of a class with {@link dev.svcnet.ingress.IngressClassSelector}, validate and
 * convert them with {@link dev.svcnet.ingress.IngressDefinitions#from(java.util.List)} (errors
 * name object and field as the API server does), then build a router with
 * {@link dev.svcnet.ingress.Routers#compile} for {@link dev.svcnet.ingress.Controller#SPEC} or
 * {@link dev.svcnet.ingress.Controller#NGINX} semantics. {@link
 * dev.svcnet.ingress.Routers#nginxConf} prints the nginx configuration ingress-nginx's
 * semantics imply; {@link dev.svcnet.ingress.HttpRouteRouter} routes HTTPRoutes.
 *
 * <p>All routers are immutable and thread-safe. Regular expressions run on RE2/J (linear time).
 */
package dev.svcnet.ingress;
